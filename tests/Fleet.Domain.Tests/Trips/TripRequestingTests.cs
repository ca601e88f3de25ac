using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripRequestingTests
{
    private static Decision Request(RequestTripForm form) =>
        TripRequesting.Request(form, TripId, "420102001", "420102", Clerk, Policy, Year2026, Shanghai, Now);

    private static TripDetails RequestedDetails(RequestTripForm form) =>
        Request(form).Events.OfType<TripRequested>().Should().ContainSingle().Subject.Details;

    [Fact]
    public void A_short_trip_in_office_hours_is_requested_and_approved_at_once_under_the_policy_version()
    {
        Request(Form).ShouldAccept(
            Requested,
            new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now));
    }

    [Fact]
    public void A_trip_out_of_the_city_is_requested_and_waits_for_two_levels()
    {
        Request(Form with { OutOfRegion = true }).ShouldAccept(
            Requested with { Details = Details with { OutOfRegion = true } },
            new TripApprovalRequired(TripId, 2, 1, [PolicyReasons.OutOfRegion], Now));
    }

    [Fact]
    public void An_evening_trip_waits_for_the_unit_head()
    {
        var evening = Form with { Start = Local(2026, 11, 3, 18), End = Local(2026, 11, 3, 20) };

        Request(evening).ShouldAccept(
            Requested with { Details = Details with { Start = Local(2026, 11, 3, 18), End = Local(2026, 11, 3, 20) } },
            new TripApprovalRequired(TripId, 1, 1, [PolicyReasons.OutsideWorkingHours], Now));
    }

    [Fact]
    public void An_emergency_is_approved_at_once_and_flagged_for_review()
    {
        Request(Form with { Urgency = "应急", OutOfRegion = true }).ShouldAccept(
            Requested with { Details = Details with { Urgency = TripUrgency.Emergency, OutOfRegion = true } },
            new TripAutoApproved(TripId, 1, [PolicyReasons.Emergency, PolicyReasons.OutOfRegion], Now),
            new EmergencyTripFlaggedForReview(TripId, 1, Now));
    }

    [Fact]
    public void The_decision_records_the_version_of_the_policy_it_used()
    {
        var version7 = Policy with { Version = 7 };

        TripRequesting.Request(Form, TripId, "420102001", "420102", Clerk, version7, Year2026, Shanghai, Now)
            .Events.OfType<TripAutoApproved>().Should().ContainSingle().Which.PolicyVersion.Should().Be(7);
    }

    [Fact]
    public void Code_lists_are_accepted_in_Chinese_and_texts_are_trimmed()
    {
        var details = RequestedDetails(Form with
        {
            Purpose = "检查调研", PurposeText = "  安全检查  ", WantedClass = "中型客车", Passengers = 12, Urgency = "普通",
            PickUp = " 区政府东门 ",
        });

        details.Purpose.Should().Be(TripPurpose.Inspection);
        details.PurposeText.Should().Be("安全检查");
        details.WantedClass.Should().Be(VehicleClass.Minibus);
        details.Urgency.Should().Be(TripUrgency.Normal);
        details.PickUp.Should().Be("区政府东门");
    }

    [Theory]
    [InlineData("会议", TripPurpose.Meeting)]
    [InlineData("检查调研", TripPurpose.Inspection)]
    [InlineData("应急保障", TripPurpose.Emergency)]
    [InlineData("公务接待", TripPurpose.Reception)]
    [InlineData("机要通信", TripPurpose.Confidential)]
    [InlineData("其他", TripPurpose.Other)]
    [InlineData("reception", TripPurpose.Reception)]
    public void Every_purpose_is_accepted_in_English_or_Chinese(string typed, TripPurpose purpose)
    {
        RequestedDetails(Form with { Purpose = typed }).Purpose.Should().Be(purpose);
    }

    [Fact]
    public void Without_a_wanted_class_or_urgency_any_vehicle_with_driver_is_asked_for_at_normal_urgency()
    {
        var details = RequestedDetails(Form with { WantedClass = " ", Urgency = null });

        details.WantedClass.Should().BeNull();
        details.Urgency.Should().Be(TripUrgency.Normal);
        details.WithDriver.Should().BeTrue();
    }

    [Fact]
    public void Blank_rows_of_names_and_destinations_are_skipped_and_names_are_optional()
    {
        RequestedDetails(Form with { PassengerNames = [" 张三 ", "", null], Destinations = ["", "市民之家", " "] })
            .Should().Be(Details with { PassengerNames = ["张三"] });

        RequestedDetails(Form with { PassengerNames = null }).PassengerNames.Should().BeEmpty();
    }

    public static TheoryData<RequestTripForm, string, string> InvalidForms => new()
    {
        { Form with { Purpose = null }, "purpose", "validation.required" },
        { Form with { Purpose = "Picnic" }, "purpose", "trip.purpose_invalid" },
        { Form with { Purpose = "2" }, "purpose", "trip.purpose_invalid" },
        { Form with { PurposeText = "  " }, "purposeText", "validation.required" },
        { Form with { PurposeText = new string('会', 201) }, "purposeText", "validation.too_long" },
        { Form with { PurposeText = "开会\n午饭" }, "purposeText", "validation.control_characters" },
        { Form with { PurposeText = "开会\u001b[2J" }, "purposeText", "validation.control_characters" },
        { Form with { Passengers = null }, "passengers", "validation.required" },
        { Form with { Passengers = 0, PassengerNames = null }, "passengers", "trip.passengers_out_of_range" },
        { Form with { Passengers = 61, WantedClass = null }, "passengers", "trip.passengers_out_of_range" },
        { Form with { Passengers = 7 }, "passengers", "trip.passengers_exceed_class" },
        { Form with { Passengers = 1 }, "passengerNames", "trip.too_many_passenger_names" },
        { Form with { PassengerNames = ["张三", new string('名', 21)] }, "passengerNames[1]", "validation.too_long" },
        { Form with { PassengerNames = ["张\t三"] }, "passengerNames[0]", "validation.control_characters" },
        { Form with { PickUp = null }, "pickUp", "validation.required" },
        { Form with { PickUp = new string('路', 101) }, "pickUp", "validation.too_long" },
        { Form with { Destinations = null }, "destinations", "validation.required" },
        { Form with { Destinations = [" ", ""] }, "destinations", "validation.required" },
        { Form with { Destinations = Enumerable.Range(1, 11).Select(i => (string?)$"站点{i}").ToList() }, "destinations", "trip.too_many_destinations" },
        { Form with { Destinations = ["市民之家", new string('路', 101)] }, "destinations[1]", "validation.too_long" },
        { Form with { Start = null }, "start", "validation.required" },
        { Form with { End = null }, "end", "validation.required" },
        { Form with { Start = Now, End = Now + Duration.FromHours(1) }, "start", "trip.start_not_in_future" },
        { Form with { End = Form.Start }, "end", "trip.ends_before_start" },
        { Form with { End = Form.Start - Duration.FromHours(1) }, "end", "trip.ends_before_start" },
        { Form with { End = Form.Start + Duration.FromDays(7) + Duration.FromMinutes(1) }, "end", "trip.too_long" },
        { Form with { WantedClass = "Tank" }, "wantedClass", "trip.vehicle_class_invalid" },
        { Form with { Urgency = "ASAP" }, "urgency", "trip.urgency_invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public void Each_invalid_field_is_named_with_its_code(RequestTripForm form, string field, string code)
    {
        Request(form).ShouldRefuseWith((field, code));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var empty = new RequestTripForm(null, null, null, null, null, null, null, null, null, null);

        Request(empty).ShouldRefuseWith(
            ("purpose", "validation.required"),
            ("purposeText", "validation.required"),
            ("passengers", "validation.required"),
            ("pickUp", "validation.required"),
            ("destinations", "validation.required"),
            ("start", "validation.required"),
            ("end", "validation.required"));
    }

    [Fact]
    public void A_trip_in_the_past_that_also_ends_before_it_starts_gets_both_problems()
    {
        Request(Form with { Start = Now - Duration.FromHours(1), End = Now - Duration.FromHours(2) }).ShouldRefuseWith(
            ("start", "trip.start_not_in_future"),
            ("end", "trip.ends_before_start"));
    }

    [Fact]
    public void A_trip_starting_a_minute_from_now_can_be_requested()
    {
        Request(Form with { Start = Now + Duration.FromMinutes(1), End = Now + Duration.FromHours(1) }).ShouldAccept(
            Requested with { Details = Details with { Start = Now + Duration.FromMinutes(1), End = Now + Duration.FromHours(1) } },
            new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now));
    }

    [Fact]
    public void A_trip_of_exactly_seven_days_is_accepted_and_the_refusal_says_how_long_it_was()
    {
        Request(Form with { End = Form.Start + Duration.FromDays(7) }).ShouldAccept(
            Requested with { Details = Details with { End = Details.Start + Duration.FromDays(7) } },
            new TripApprovalRequired(TripId, 2, 1, [PolicyReasons.Overnight, PolicyReasons.OutsideWorkingHours, PolicyReasons.LongerThanAutoLimit], Now));

        Request(Form with { End = Form.Start + Duration.FromDays(8) })
            .ShouldRefuse("trip.too_long", ProblemKind.Invalid)
            .FormattedMessage.Should().Be("A trip lasts at most 7 days; this one lasts 192 hours.");
    }

    [Fact]
    public void The_refusal_of_a_start_in_the_past_shows_both_times_on_the_local_clock()
    {
        Request(Form with { Start = Local(2026, 11, 2, 8), End = Local(2026, 11, 2, 10) })
            .ShouldRefuse("trip.start_not_in_future", ProblemKind.Invalid)
            .FormattedMessage.Should().Be("A trip is requested before it starts: 2026-11-02 08:00 is not after now (2026-11-02 09:30).");
    }

    [Theory]
    [InlineData("Sedan", true, 6)]
    [InlineData("Sedan", false, 7)]
    [InlineData("Mpv", true, 8)]
    [InlineData("Minibus", true, 18)]
    [InlineData("Bus", true, 59)]
    [InlineData("Bus", false, 60)]
    [InlineData("Special", true, 59)]
    [InlineData(null, true, 60)]
    public void Passengers_fill_the_largest_vehicle_of_the_class_less_the_drivers_seat_and_no_more(
        string? wantedClass, bool withDriver, int most)
    {
        var form = Form with { WantedClass = wantedClass, WithDriver = withDriver, PassengerNames = null };

        Request(form with { Passengers = most }).Events.OfType<TripRequested>().Single().Details.Passengers.Should().Be(most);
        Request(form with { Passengers = most + 1 }).IsAccepted.Should().BeFalse();
    }

    [Fact]
    public void The_refusal_of_too_many_passengers_names_the_class_and_its_limit()
    {
        Request(Form with { Passengers = 19, WantedClass = "Minibus", PassengerNames = null })
            .ShouldRefuse("trip.passengers_exceed_class", ProblemKind.Invalid)
            .FormattedMessage.Should().Be("A Minibus takes at most 18 passengers besides its driver; 19 were given.");
    }

    [Fact]
    public void Lengths_are_counted_in_characters_as_a_reader_sees_them()
    {
        var rareName = string.Concat(Enumerable.Repeat("𠀀", 20));

        RequestedDetails(Form with { PurposeText = new string('会', 200), PassengerNames = [rareName] })
            .PassengerNames.Should().Equal(rareName);
    }

    [Fact]
    public void Ten_destinations_are_accepted_in_the_order_given()
    {
        var stops = Enumerable.Range(1, 10).Select(i => $"站点{i}").ToList();

        RequestedDetails(Form with { Destinations = stops }).Destinations.Should().Equal(stops);
    }
}
