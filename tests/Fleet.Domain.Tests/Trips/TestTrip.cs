using Fleet.Domain.Calendar;
using Fleet.Domain.Common;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Tests.Trips;

/// <summary>The "given" of the trip tests: a clerk's request in a Wuhan district pool, and what happened to it since.</summary>
internal static class TestTrip
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>09:30 on Monday 2 November 2026 in Wuhan.</summary>
    public static readonly Instant Now = Local(2026, 11, 2, 9, 30);

    public static readonly Guid TripId = Guid.Parse("01900000-0000-7000-8000-0000000000c1");
    public static readonly Guid Clerk = Guid.Parse("01900000-0000-7000-8000-0000000000c2");
    public static readonly Guid UnitHead = Guid.Parse("01900000-0000-7000-8000-0000000000c3");
    public static readonly Guid SecondApprover = Guid.Parse("01900000-0000-7000-8000-0000000000c4");

    public static readonly ApprovalPolicy Policy = ApprovalPolicy.Default;

    /// <summary>2026 as the State Council published it: 国庆节 1–7 October, Saturday 10 October worked in exchange.</summary>
    public static readonly WorkingCalendar Year2026 = new([CalendarYear.From(new CalendarYearPublished(2026, 1,
        [
            new HolidayPeriod("元旦", new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 3)),
            new HolidayPeriod("春节", new LocalDate(2026, 2, 15), new LocalDate(2026, 2, 23)),
            new HolidayPeriod("国庆节", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 7)),
        ],
        [new LocalDate(2026, 1, 4), new LocalDate(2026, 2, 14), new LocalDate(2026, 2, 28), new LocalDate(2026, 10, 10)], Instant.FromUtc(2025, 11, 4, 2, 0)))]);

    /// <summary>A sedan with driver to a meeting across town on Tuesday morning: the policy approves it at once.</summary>
    public static readonly RequestTripForm Form = new(
        Purpose: "Meeting",
        PurposeText: "参加全区安全生产工作会议",
        Passengers: 2,
        PassengerNames: ["张三", "李四"],
        PickUp: "区政府东门",
        Destinations: ["市民之家"],
        Start: Local(2026, 11, 3, 9),
        End: Local(2026, 11, 3, 11),
        WantedClass: "Sedan",
        Urgency: null);

    public static readonly TripDetails Details = new(
        TripPurpose.Meeting, "参加全区安全生产工作会议", 2, ["张三", "李四"], "区政府东门", ["市民之家"],
        Local(2026, 11, 3, 9), Local(2026, 11, 3, 11), VehicleClass.Sedan, WithDriver: true, TripUrgency.Normal, OutOfRegion: false);

    public static readonly TripRequested Requested = new(TripId, Details, "420102001", "420102", Clerk, Now);

    public static Trip Given(params object[] history) => history.Aggregate(Trip.From(Requested), (trip, e) => trip.Evolve(e));

    public static Trip AutoApproved => Given(new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now));

    public static Trip AwaitingOneLevel => Given(new TripApprovalRequired(TripId, 1, 1, [PolicyReasons.OutsideWorkingHours], Now));

    public static Trip AwaitingTwoLevels => Given(new TripApprovalRequired(TripId, 2, 1, [PolicyReasons.OutOfRegion], Now));

    public static Trip SecondLevelAwaited => AwaitingTwoLevels.Evolve(new TripApproved(TripId, UnitHead, 1, 1, Now));

    public static readonly Guid VehicleId = Guid.Parse("01900000-0000-7000-8000-0000000000a1");
    public static readonly Guid DriverId = Guid.Parse("01900000-0000-7000-8000-0000000000d1");
    public static readonly Guid Dispatcher = Guid.Parse("01900000-0000-7000-8000-0000000000d2");

    public static readonly DispatchOrderNumber Order = new("420102", 2026, 1);

    /// <summary>A pool sedan and its driver, held from the trip's start until the turnaround after its end.</summary>
    public static readonly Assignment Assignment = new(VehicleId, "鄂A·C1234", VehicleClass.Sedan, 5, DriverId, "王建国",
        Details.Start, Details.End + DispatchSettings.Default.Turnaround);

    /// <summary>The odometer when the car leaves, matching the vehicle's last recorded reading.</summary>
    public static readonly Distance OdometerOut = Distance.FromKilometres(12_345.6m);

    /// <summary>08:45 on Tuesday, a quarter of an hour before the planned start.</summary>
    public static readonly Instant DepartedAt = Local(2026, 11, 3, 8, 45);

    /// <summary>11:20 on Tuesday, twenty minutes after the planned end.</summary>
    public static readonly Instant BackAt = Local(2026, 11, 3, 11, 20);

    public static readonly Distance OdometerIn = Distance.FromKilometres(12_398.2m);

    public static Trip Dispatched => AutoApproved.Evolve(new TripDispatched(TripId, Order, Assignment, null, Dispatcher, Now));

    public static Trip Accepted => Dispatched.Evolve(new TripAccepted(TripId, DriverId, Now));

    public static Trip Started => Accepted.Evolve(new TripStarted(TripId, VehicleId, DriverId, OdometerOut, DepartedAt));

    /// <summary>Back at base with ten yuan of parking paid and nothing else spent.</summary>
    public static Trip Finished => Started.Evolve(
        new TripFinished(TripId, VehicleId, DriverId, OdometerIn, null, null, 0m, 0m, 10m, 0m, BackAt, BackAt));

    /// <summary>The instant the wall clocks of Wuhan show the given time.</summary>
    public static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();
}
