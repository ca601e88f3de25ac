using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Web.Pages.Dispatch;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Scheduling;

/// <summary>How the dispatch timeline lays out a day or a week, and what it puts in each lane.</summary>
public sealed class DispatchTimelineTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Wednesday = new(2026, 11, 18);

    [Fact]
    public void A_quiet_day_runs_from_six_to_ten_by_the_hour_in_local_time()
    {
        var window = DispatchTimeline.DayWindow(Wednesday, Shanghai, []);

        window.From.Should().Be(At(18, 6, 0));
        window.Until.Should().Be(At(18, 22, 0));
        window.Ticks.Select(t => t.Label).Should().Equal(Enumerable.Range(6, 16).Select(h => $"{h:00}:00"));
        window.Ticks.Sum(t => t.Width).Should().BeApproximately(100, 0.001);
        window.At(At(18, 14, 0)).Should().BeApproximately(50, 0.001);
    }

    [Fact]
    public void A_trip_starting_early_or_ending_late_that_day_widens_it_to_whole_hours_and_one_running_in_from_yesterday_does_not()
    {
        var window = DispatchTimeline.DayWindow(Wednesday, Shanghai,
            [new Interval(At(18, 5, 30), At(18, 7, 0)), new Interval(At(18, 21, 0), At(18, 23, 15)), new Interval(At(17, 20, 0), At(18, 9, 0))]);

        window.From.Should().Be(At(18, 5, 0));
        window.Until.Should().Be(At(19, 0, 0));
        window.Ticks.First().Label.Should().Be("05:00");
        window.Ticks.Last().Label.Should().Be("23:00");
    }

    [Fact]
    public void A_week_runs_from_monday_to_sunday_each_day_named()
    {
        var window = DispatchTimeline.WeekWindow(Wednesday, Shanghai, d => $"{d.DayOfWeek} {d:MM-dd}");

        window.From.Should().Be(At(16, 0, 0));
        window.Until.Should().Be(At(23, 0, 0));
        window.Ticks.Select(t => t.Label).Should().Equal("Monday 11-16", "Tuesday 11-17", "Wednesday 11-18", "Thursday 11-19", "Friday 11-20",
            "Saturday 11-21", "Sunday 11-22");
        window.Ticks.Select(t => t.Day).Should().Equal(Enumerable.Range(0, 7).Select(i => (LocalDate?)new LocalDate(2026, 11, 16).PlusDays(i)));
    }

    [Fact]
    public void Lanes_hold_trips_workshop_leave_and_suspension_and_offer_the_free_ones_for_the_chosen_trip()
    {
        var window = DispatchTimeline.DayWindow(Wednesday, Shanghai, []);
        var sedan = Car("鄂A·D30004", VehicleClass.Sedan);
        var minibus = Car("鄂A·30001D", VehicleClass.Minibus) with
        {
            MaintenanceWindows = [new MaintenanceWindow(Guid.NewGuid(), new Interval(At(18, 13, 0), At(18, 17, 0)), MaintenanceKind.Routine,
                MaintenanceState.Scheduled, null, null)],
        };
        var retired = Car("鄂A·00001", VehicleClass.Sedan) with { Status = VehicleStatus.Retired };
        var driving = Person("张德胜");
        var away = Person("杨敏") with { Leave = [new LeaveWindow(Guid.NewGuid(), new Interval(At(18, 0, 0), At(19, 0, 0)), LeaveKind.Annual, false)] };
        var kept = Person("马志强") with { Status = DriverStatus.Suspended, SuspensionReason = "事故调查" };
        var gone = Person("韩勇") with { Status = DriverStatus.Left };
        var booked = Booked(sedan, driving, At(18, 9, 0), At(18, 11, 30));
        var chosen = Requested(At(18, 14, 0), At(18, 15, 0));
        var candidates = new DispatchCandidateList(chosen.Id, new Interval(At(18, 14, 0), At(18, 15, 30)),
            [Candidate(sedan, available: true, fits: true), Candidate(minibus, available: true, fits: false)],
            [new DriverCandidate(driving.Id, driving.Name, [LicenceClass.C1], true, true, 0, [], []),
             new DriverCandidate(away.Id, away.Name, [LicenceClass.C1], false, true, 0, [], [])]);

        var timeline = DispatchTimeline.Compose(window, [sedan, minibus, retired], [driving, away, kept, gone], [booked], At(16, 8, 0),
            (chosen, candidates), new Words(SeesRecords: false));

        timeline.Cars.Select(c => c.Name).Should().Equal("鄂A·30001D", "鄂A·D30004");
        var car = timeline.Cars.Single(c => c.Id == sedan.Id);
        car.Blocks.Should().ContainSingle().Which.Should().Match<TimelineBlock>(b => b.Kind == BlockKind.Trip && b.Href == $"/trips/{booked.Id}");
        car.Blocks[0].Left.Should().BeApproximately(3 / 16.0 * 100, 0.001);
        car.Blocks[0].Width.Should().BeApproximately(2.5 / 16 * 100, 0.001);
        car.Should().Match<TimelineLane>(l => l.Pickable && !l.OtherClass);
        var workshop = timeline.Cars.Single(c => c.Id == minibus.Id);
        workshop.Blocks.Should().ContainSingle().Which.Should().Match<TimelineBlock>(b => b.Kind == BlockKind.Maintenance && b.Href == null);
        workshop.Should().Match<TimelineLane>(l => l.Pickable && l.OtherClass, "a free car of another class is offered, flagged");

        timeline.Drivers.Select(d => d.Name).Should().BeEquivalentTo(["张德胜", "杨敏", "马志强"], "a driver who left has no lane");
        timeline.Drivers.Single(d => d.Id == driving.Id).Should().Match<TimelineLane>(l => l.Pickable && l.Blocks.Single().Kind == BlockKind.Trip);
        timeline.Drivers.Single(d => d.Id == away.Id).Should().Match<TimelineLane>(l => !l.Pickable && l.Blocks.Single().Kind == BlockKind.Leave);
        var suspension = timeline.Drivers.Single(d => d.Id == kept.Id).Blocks.Single();
        suspension.Kind.Should().Be(BlockKind.Suspension);
        suspension.Width.Should().BeApproximately(100, 0.001, "a suspension has no end: it covers the whole window");
        timeline.Wanted.Should().NotBeNull();
        timeline.Wanted!.Left.Should().BeApproximately(8 / 16.0 * 100, 0.001);
    }

    [Fact]
    public void Workshop_leave_and_suspension_open_the_records_for_a_reader_who_may_see_them()
    {
        var car = Car("鄂A·30001D", VehicleClass.Minibus) with
        {
            MaintenanceWindows = [new MaintenanceWindow(Guid.NewGuid(), new Interval(At(18, 13, 0), At(18, 17, 0)), MaintenanceKind.Repair,
                MaintenanceState.Scheduled, null, null)],
        };
        var away = Person("杨敏") with { Leave = [new LeaveWindow(Guid.NewGuid(), new Interval(At(18, 8, 0), At(18, 12, 0)), LeaveKind.Sick, false)] };
        var kept = Person("马志强") with { Status = DriverStatus.Suspended, SuspensionReason = "事故调查" };

        var timeline = DispatchTimeline.Compose(DispatchTimeline.DayWindow(Wednesday, Shanghai, []), [car], [away, kept], [], At(16, 8, 0), null,
            new Words(SeesRecords: true));

        timeline.Cars.Single().Blocks.Single().Href.Should().Be($"/admin/vehicles/{car.Id}");
        timeline.Drivers.Single(d => d.Id == away.Id).Blocks.Single().Href.Should().Be($"/admin/drivers/{away.Id}");
        timeline.Drivers.Single(d => d.Id == kept.Id).Blocks.Single().Href.Should().Be($"/admin/drivers/{kept.Id}");
        timeline.Cars.Concat(timeline.Drivers).Should().OnlyContain(l => !l.Pickable, "nothing is offered while no trip is chosen");
        timeline.Wanted.Should().BeNull();
    }

    [Fact]
    public void A_car_not_back_holds_its_lane_until_now()
    {
        var trip = Booked(Car("鄂A·D30004", VehicleClass.Sedan), Person("张德胜"), At(18, 9, 0), At(18, 11, 0)) with { Status = TripStatus.InProgress };

        DispatchTimeline.Held(trip, At(18, 13, 0)).End.Should().Be(At(18, 13, 0));
        DispatchTimeline.Held(trip, At(18, 10, 0)).End.Should().Be(At(18, 11, 0), "before its planned end it holds the lane as planned");
        DispatchTimeline.Held(trip with { Status = TripStatus.Completed }, At(18, 13, 0)).End.Should().Be(At(18, 11, 0));
    }

    private static Instant At(int day, int hour, int minute) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    private static Vehicle Car(string plate, VehicleClass kind) => new(Guid.NewGuid(), plate, kind, kind == VehicleClass.Sedan ? 5 : 17,
        VehicleCategory.GeneralOfficial, EnergyType.Gasoline, "420103", VehicleStatus.InService, Distance.Zero, null, null, []);

    private static Driver Person(string name) =>
        new(Guid.NewGuid(), name, "420103", [LicenceClass.C1], "420103000000", new LocalDate(2030, 1, 1), null, DriverStatus.Active, [], null);

    private static VehicleCandidate Candidate(Vehicle v, bool available, bool fits) =>
        new(v.Id, v.Plate, v.Class, v.Seats, available, fits, true, 0, [], []);

    private static Trip Requested(Instant start, Instant end) => new(Guid.NewGuid(),
        new TripDetails(TripPurpose.Meeting, "协调会", 2, [], "江汉区政府", ["区会议中心"], start, end, VehicleClass.Sedan, true, TripUrgency.Normal, false),
        "jh0001", "420103", Guid.NewGuid(), TripStatus.Approved, 0, [], 1, false);

    private static Trip Booked(Vehicle car, Driver driver, Instant start, Instant end) => Requested(start, end) with
    {
        Status = TripStatus.Dispatched,
        Order = new DispatchOrderNumber("420103", 2026, 118),
        Assignment = new Assignment(car.Id, car.Plate, car.Class, car.Seats, driver.Id, driver.Name, start, end + Duration.FromMinutes(30)),
    };

    private sealed record Words(bool SeesRecords) : DispatchTimeline.IWords
    {
        public string Trip(Trip trip) => $"order {trip.Order?.Text}";
        public string TripLabel(Trip trip) => "trip";
        public string Maintenance(Vehicle vehicle, MaintenanceWindow job, Interval held) => $"workshop {vehicle.Plate}";
        public string MaintenanceLabel(MaintenanceWindow job) => "workshop";
        public string Leave(Driver driver, LeaveWindow leave) => $"leave {driver.Name}";
        public string LeaveLabel(LeaveWindow leave) => "leave";
        public string Suspension(Driver driver) => $"suspended {driver.Name}";
        public string SuspensionLabel => "suspended";
        public string CarDetail(Vehicle vehicle) => vehicle.Class.ToString();
        public string WantedWindow(Trip trip) => "wanted";
    }
}
