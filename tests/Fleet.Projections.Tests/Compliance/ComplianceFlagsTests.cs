using Fleet.Domain.Calendar;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Projections.Tests.Compliance;

/// <summary>The rules behind the flags, on logbook lines written by hand; the default policy's hours are 08:30–17:30, Monday to Friday.</summary>
public class ComplianceFlagsTests
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Dictionary<int, WorkingHours> Policies = new()
    {
        [1] = new WorkingHours(1, new LocalTime(8, 30), new LocalTime(17, 30), ApprovalPolicy.Default.Workdays),
    };

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    private static LogbookEntry Line(int day, (int H, int M) planned, (int H, int M) back, (int H, int M)? left = null, TripUrgency urgency = TripUrgency.Normal) => new()
    {
        Id = Guid.NewGuid(), Pool = "420102", UnitCode = "JA0001", PolicyVersion = 1, Urgency = urgency,
        PlannedStart = At(day, planned.H, planned.M), PlannedEnd = At(day, planned.H + 2, planned.M),
        DepartedAt = At(day, (left ?? planned).H, (left ?? planned).M), ReturnedAt = At(day, back.H, back.M),
        OdometerOutMetres = 1_000_000, OdometerInMetres = 1_020_000, OrderNumber = "420102-2026-00001",
    };

    private static IEnumerable<ComplianceFlagKind> Kinds(params LogbookEntry[] lines) =>
        ComplianceFlags.Find(lines, [], [], Policies, Wuhan).Select(f => f.Kind);

    [Fact]
    public void A_public_holiday_is_a_day_off_and_a_make_up_saturday_a_working_day_by_the_citys_calendar()
    {
        // A calendar of the test's own: Tuesday 3 November a holiday, Saturday 7 November worked in exchange.
        var calendar = new WorkingCalendar([CalendarYear.From(new CalendarYearPublished(2026, 1,
            [new HolidayPeriod("调休测试", new LocalDate(2026, 11, 3), new LocalDate(2026, 11, 3))], [new LocalDate(2026, 11, 7)], At(1, 9)))]);
        var policies = new Dictionary<int, WorkingHours> { [1] = Policies[1] with { Calendar = calendar } };
        IEnumerable<ComplianceFlagKind> Under(LogbookEntry line) => ComplianceFlags.Find([line], [], [], policies, Wuhan).Select(f => f.Kind);

        Under(Line(3, (9, 0), (11, 0))).Should().Equal(ComplianceFlagKind.OutsideWorkingHours);
        Under(Line(7, (9, 0), (11, 0))).Should().BeEmpty("a make-up Saturday has working hours");
        Under(Line(8, (9, 0), (11, 0))).Should().Equal(ComplianceFlagKind.OutsideWorkingHours);
        Under(Line(4, (9, 0), (11, 0))).Should().BeEmpty();
        Kinds(Line(3, (9, 0), (11, 0))).Should().BeEmpty("without a calendar the policy's days of the week decide");
    }

    [Fact]
    public void A_trip_inside_the_working_day_and_its_window_raises_nothing() =>
        Kinds(Line(3, (9, 0), (11, 10), left: (8, 50))).Should().BeEmpty();

    [Fact]
    public void Evenings_and_weekends_are_flagged_unless_it_was_an_emergency()
    {
        Kinds(Line(3, (16, 0), (18, 0))).Should().Equal(ComplianceFlagKind.OutsideWorkingHours);
        Kinds(Line(7, (9, 0), (11, 0))).Should().Equal([ComplianceFlagKind.OutsideWorkingHours], "7 November 2026 is a Saturday");
        Kinds(Line(7, (9, 0), (11, 0), urgency: TripUrgency.Emergency)).Should().BeEmpty();
    }

    [Fact]
    public void Leaving_early_or_coming_back_late_beyond_a_quarter_of_an_hour_is_outside_the_approved_window()
    {
        Kinds(Line(3, (9, 0), (11, 15), left: (8, 45))).Should().BeEmpty();
        Kinds(Line(3, (9, 0), (11, 16))).Should().Equal(ComplianceFlagKind.BeyondApprovedWindow);
        Kinds(Line(3, (10, 0), (12, 0), left: (9, 44))).Should().Equal(ComplianceFlagKind.BeyondApprovedWindow);
    }

    [Fact]
    public void A_lowered_odometer_and_unreviewed_or_unjustified_emergencies_are_flagged_with_their_facts()
    {
        var corrections = new[]
        {
            new OdometerCorrection(Guid.NewGuid(), "鄂A·C1234", 1_500_000, 1_450_000, "录入错误", At(4, 10)),
            new OdometerCorrection(Guid.NewGuid(), "鄂A·C1235", 1_400_000, 1_450_000, "漏记", At(4, 11)),
        };
        var requested = new TripRequested(Guid.NewGuid(), new TripDetails(TripPurpose.Emergency, "防汛", 3, [], "区应急局", ["堤防"], At(5, 22), At(6, 2),
            VehicleClass.Sedan, true, TripUrgency.Emergency, false), "JA0001", "420102", Guid.NewGuid(), At(5, 21));
        var flagged = Trip.From(requested).When(new EmergencyTripFlaggedForReview(requested.TripId, 1, At(5, 21)));

        var flags = ComplianceFlags.Find([], [flagged, flagged.When(new EmergencyTripReviewed(requested.TripId, Guid.NewGuid(),
            EmergencyReviewOutcome.NotJustified, "可提前申请", At(6, 9)))], corrections, Policies, Wuhan);

        flags.Select(f => f.Kind).Should().Equal(ComplianceFlagKind.OdometerTurnedBack, ComplianceFlagKind.EmergencyNotReviewed,
            ComplianceFlagKind.EmergencyNotJustified);
        flags[0].Evidence.Should().Contain(new KeyValuePair<string, string>("fromKm", "1500.0")).And.Contain(new KeyValuePair<string, string>("toKm", "1450.0"));
    }
}
