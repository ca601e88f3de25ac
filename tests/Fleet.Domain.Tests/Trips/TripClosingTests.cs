using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripClosingTests
{
    /// <summary>The afternoon after the trip, when the clerk looks at the record.</summary>
    private static readonly Instant Later = Local(2026, 11, 3, 15);

    private static readonly ConfirmTripForm NoRating = new(null, null);

    private static readonly DisputeTripForm Discrepancy = new(["Odometer"], "实际只去了市民之家，往返不足三十公里");

    private static Trip Disputed => Finished.Evolve(new TripDisputed(TripId, Clerk, [DisputedItem.Odometer], "里程不符", Later));

    private static Trip Rated => Finished.Evolve(new TripRated(TripId, Clerk, 4, null, Later));

    private static Trip Closed => Finished.Evolve(new TripClosed(TripId, TripClosure.Confirmed, Later));

    [Fact]
    public void The_requester_confirms_the_record_and_closes_the_trip()
    {
        var decision = TripClosing.Confirm(Finished, Clerk, NoRating, Later);

        decision.ShouldAccept(
            new TripCompletionConfirmed(TripId, Clerk, Later),
            new TripClosed(TripId, TripClosure.Confirmed, Later));
        decision.Events.Aggregate(Finished, (trip, e) => trip.Evolve(e)).Status.Should().Be(TripStatus.Closed);
    }

    [Fact]
    public void A_rating_given_with_the_confirmation_is_recorded_before_the_trip_closes()
    {
        var decision = TripClosing.Confirm(Finished, Clerk, new ConfirmTripForm(5, "  准时，驾驶平稳  "), Later);

        decision.ShouldAccept(
            new TripCompletionConfirmed(TripId, Clerk, Later),
            new TripRated(TripId, Clerk, 5, "准时，驾驶平稳", Later),
            new TripClosed(TripId, TripClosure.Confirmed, Later));
        decision.Events.Aggregate(Finished, (trip, e) => trip.Evolve(e)).Stars.Should().Be(5);
    }

    [Fact]
    public void A_trip_already_rated_is_confirmed_without_another_rating()
    {
        TripClosing.Confirm(Rated, Clerk, NoRating, Later).ShouldAccept(
            new TripCompletionConfirmed(TripId, Clerk, Later),
            new TripClosed(TripId, TripClosure.Confirmed, Later));
        TripClosing.Confirm(Rated, Clerk, new ConfirmTripForm(5, null), Later).ShouldRefuse("trip.already_rated", ProblemKind.Conflict);
        TripClosing.Confirm(Rated, Clerk, new ConfirmTripForm(null, "补充说明"), Later).ShouldRefuse("trip.already_rated", ProblemKind.Conflict);
    }

    [Fact]
    public void A_disputed_record_can_still_be_confirmed_and_the_dispute_stays()
    {
        var decision = TripClosing.Confirm(Disputed, Clerk, NoRating, Later);

        decision.ShouldAccept(
            new TripCompletionConfirmed(TripId, Clerk, Later),
            new TripClosed(TripId, TripClosure.Confirmed, Later));
        decision.Events.Aggregate(Disputed, (trip, e) => trip.Evolve(e)).Disputed.Should().BeTrue();
    }

    [Theory]
    [InlineData(0, null, "stars", "trip.stars_out_of_range")]
    [InlineData(6, null, "stars", "trip.stars_out_of_range")]
    [InlineData(null, "很好", "stars", "validation.required")]
    [InlineData(5, "很\r\n好", "comment", "validation.control_characters")]
    public void A_rating_in_the_confirmation_is_checked(int? stars, string? comment, string field, string code)
    {
        TripClosing.Confirm(Finished, Clerk, new ConfirmTripForm(stars, comment), Later).ShouldRefuseWith((field, code));
    }

    [Fact]
    public void A_comment_has_at_most_500_characters()
    {
        TripClosing.Confirm(Finished, Clerk, new ConfirmTripForm(4, new string('好', 500)), Later).ShouldAccept(
            new TripCompletionConfirmed(TripId, Clerk, Later),
            new TripRated(TripId, Clerk, 4, new string('好', 500), Later),
            new TripClosed(TripId, TripClosure.Confirmed, Later));
        TripClosing.Confirm(Finished, Clerk, new ConfirmTripForm(4, new string('好', 501)), Later).ShouldRefuseWith(("comment", "validation.too_long"));
        TripClosing.Rate(Finished, Clerk, new RateTripForm(4, new string('好', 501)), Later).ShouldRefuseWith(("comment", "validation.too_long"));
    }

    [Fact]
    public void Only_the_requester_confirms_disputes_or_rates()
    {
        TripClosing.Confirm(Finished, DriverId, NoRating, Later).ShouldRefuse("trip.not_requester", ProblemKind.Forbidden);
        TripClosing.Dispute(Finished, UnitHead, Discrepancy, Later).ShouldRefuse("trip.not_requester", ProblemKind.Forbidden);
        TripClosing.Rate(Finished, UnitHead, new RateTripForm(1, null), Later).ShouldRefuse("trip.not_requester", ProblemKind.Forbidden);
    }

    [Fact]
    public void A_closed_record_is_neither_confirmed_nor_disputed()
    {
        TripClosing.Confirm(Closed, Clerk, NoRating, Later).ShouldRefuse("trip.already_closed", ProblemKind.Conflict);
        TripClosing.Dispute(Closed, Clerk, Discrepancy, Later).ShouldRefuse("trip.already_closed", ProblemKind.Conflict);
    }

    public static TheoryData<string> NotCompleted => ["approved", "dispatched", "under way", "cancelled"];

    private static Trip Unfinished(string which) => which switch
    {
        "approved" => AutoApproved,
        "dispatched" => Dispatched,
        "under way" => Started,
        _ => AutoApproved.Evolve(new TripCancelled(TripId, Clerk, null, TripStatus.Approved, Now)),
    };

    [Theory]
    [MemberData(nameof(NotCompleted))]
    public void Only_a_completed_trip_is_confirmed_disputed_or_rated(string which)
    {
        TripClosing.Confirm(Unfinished(which), Clerk, NoRating, Later).ShouldRefuse("trip.not_completed", ProblemKind.Conflict);
        TripClosing.Dispute(Unfinished(which), Clerk, Discrepancy, Later).ShouldRefuse("trip.not_completed", ProblemKind.Conflict);
        TripClosing.Rate(Unfinished(which), Clerk, new RateTripForm(3, null), Later).ShouldRefuse("trip.not_completed", ProblemKind.Conflict);
    }

    [Fact]
    public void The_requester_disputes_the_record_and_the_trip_stays_completed()
    {
        var form = new DisputeTripForm(["费用", "odometer", " ", "ODOMETER", " Times "], "  停车费未发生；里程偏多  ");

        var decision = TripClosing.Dispute(Finished, Clerk, form, Later);

        decision.ShouldAccept(new TripDisputed(TripId, Clerk,
            [DisputedItem.Times, DisputedItem.Odometer, DisputedItem.Costs], "停车费未发生；里程偏多", Later));
        Finished.Evolve(decision.Events[0]).Should().Match<Trip>(t => t.Disputed && t.Status == TripStatus.Completed);
    }

    [Theory]
    [InlineData("时间", DisputedItem.Times)]
    [InlineData("里程", DisputedItem.Odometer)]
    [InlineData("costs", DisputedItem.Costs)]
    public void Disputed_items_are_read_in_english_or_chinese(string text, DisputedItem item)
    {
        TripClosing.Dispute(Finished, Clerk, Discrepancy with { Items = [text] }, Later)
            .ShouldAccept(new TripDisputed(TripId, Clerk, [item], Discrepancy.Details!, Later));
    }

    [Fact]
    public void Every_unknown_item_is_reported()
    {
        TripClosing.Dispute(Finished, Clerk, Discrepancy with { Items = ["Odometer", "Fuel", "1", "Fuel"] }, Later)
            .ShouldRefuseWith(("items", "trip.dispute_item_unknown"), ("items", "trip.dispute_item_unknown"));
    }

    public static TheoryData<string[]?> NoItems => new() { null, Array.Empty<string>(), new[] { "", "  " } };

    [Theory]
    [MemberData(nameof(NoItems))]
    public void A_dispute_names_at_least_one_item_and_says_what_is_wrong(string[]? items)
    {
        TripClosing.Dispute(Finished, Clerk, new DisputeTripForm(items, " "), Later)
            .ShouldRefuseWith(("items", "validation.required"), ("details", "validation.required"));
    }

    [Fact]
    public void The_details_of_a_dispute_have_at_most_1000_characters()
    {
        TripClosing.Dispute(Finished, Clerk, Discrepancy with { Details = new string('误', 1000) }, Later)
            .ShouldAccept(new TripDisputed(TripId, Clerk, [DisputedItem.Odometer], new string('误', 1000), Later));
        TripClosing.Dispute(Finished, Clerk, Discrepancy with { Details = new string('误', 1001) }, Later)
            .ShouldRefuseWith(("details", "validation.too_long"));
    }

    [Fact]
    public void A_trip_is_disputed_once()
    {
        TripClosing.Dispute(Disputed, Clerk, Discrepancy, Later).ShouldRefuse("trip.already_disputed", ProblemKind.Conflict);
    }

    public static TheoryData<string> Rateable => ["completed", "disputed", "closed"];

    [Theory]
    [MemberData(nameof(Rateable))]
    public void The_requester_rates_a_trip_before_or_after_it_is_closed(string which)
    {
        var trip = which switch { "completed" => Finished, "disputed" => Disputed, _ => Closed };

        var decision = TripClosing.Rate(trip, Clerk, new RateTripForm(3, " 迟到十分钟 "), Later);

        decision.ShouldAccept(new TripRated(TripId, Clerk, 3, "迟到十分钟", Later));
        trip.Evolve(decision.Events[0]).Stars.Should().Be(3);
    }

    [Fact]
    public void A_trip_is_rated_once()
    {
        TripClosing.Rate(Rated, Clerk, new RateTripForm(5, null), Later).ShouldRefuse("trip.already_rated", ProblemKind.Conflict)
            .Args.Should().Equal(4, 5);
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData(0, "trip.stars_out_of_range")]
    [InlineData(-1, "trip.stars_out_of_range")]
    [InlineData(6, "trip.stars_out_of_range")]
    public void A_rating_is_from_one_to_five_stars(int? stars, string code)
    {
        TripClosing.Rate(Finished, Clerk, new RateTripForm(stars, null), Later).ShouldRefuseWith(("stars", code));
    }

    public static TheoryData<string, bool> AutoCloseCases => new()
    {
        { "completed", true },
        { "disputed", true },
        { "closed", false },
    };

    [Theory]
    [MemberData(nameof(AutoCloseCases))]
    public void A_record_nobody_confirmed_closes_three_days_after_the_car_was_back(string which, bool closes)
    {
        var trip = which switch { "completed" => Finished, "disputed" => Disputed, _ => Closed };
        var due = BackAt + TripClosing.AutoCloseAfter;

        TripClosing.AutoClose(trip, due - Duration.FromSeconds(1), TripClosing.AutoCloseAfter).ShouldAccept();
        if (closes) TripClosing.AutoClose(trip, due, TripClosing.AutoCloseAfter).ShouldAccept(new TripClosed(TripId, TripClosure.Automatically, due));
        else TripClosing.AutoClose(trip, due, TripClosing.AutoCloseAfter).ShouldAccept();
    }

    [Fact]
    public void A_trip_still_under_way_is_not_closed()
    {
        TripClosing.AutoClose(Started, BackAt + Duration.FromDays(30), TripClosing.AutoCloseAfter).ShouldAccept();
    }
}
