using Fleet.Domain.Common;
using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Positions.TestTrack;

namespace Fleet.Domain.Tests.Positions;

public class DayReconciliationTests
{
    private static readonly Instant Reconciled = Local(2026, 11, 4, 3);

    private static VehicleDayReconciled Check(
        IEnumerable<TrackPoint> track, IReadOnlyList<TripFacts>? trips = null, LocalDate? day = null, Func<LocalDate, bool>? isRestDay = null) =>
        DayReconciliation.Check(VehicleId, day ?? Tuesday, track, trips ?? [], Places, Policy, Shanghai,
            isRestDay ?? DayReconciliation.Weekend, Reconciled);

    private static IEnumerable<FindingKind> Kinds(VehicleDayReconciled result) => result.Findings.Select(f => f.Kind);

    /// <summary>Parked in the yard, then a short drive north at 36 km/h starting at <paramref name="start"/>, parked again.</summary>
    private static IReadOnlyList<TrackPoint> DriveNorth(Instant start, double km, double kmh = 36) =>
        From(start - Duration.FromMinutes(10)).WaitUntil(start).DriveTo(At(km, 0), kmh).DriveTo(Yard, kmh)
            .Wait(Duration.FromMinutes(10)).Points;

    [Fact]
    public void A_drive_of_more_than_500_m_with_no_trip_is_movement_without_a_trip_and_490_m_is_not()
    {
        Check(DriveNorth(OnTuesday(14), 0.245)).Findings.Should().BeEmpty();

        var result = Check(DriveNorth(OnTuesday(14), 0.255));

        var drive = result.Findings.Should().ContainSingle().Subject;
        drive.Kind.Should().Be(FindingKind.MovementWithoutTrip);
        drive.Kilometres.Should().Be(0.5m);
        drive.From.Should().Be(OnTuesday(14));
        drive.PolicyVersion.Should().Be(1);
        result.KilometresWithoutTrip.Should().Be(0.5m);
        result.TrackKilometres.Should().Be(0.5m);
    }

    [Fact]
    public void A_crawl_at_4_9_km_h_is_the_drift_of_a_parked_car_and_at_5_1_km_h_it_is_driving()
    {
        Check(DriveNorth(OnTuesday(14), 0.6, kmh: 4.9)).Findings.Should().BeEmpty();

        Kinds(Check(DriveNorth(OnTuesday(14), 0.6, kmh: 5.1))).Should().Equal(FindingKind.MovementWithoutTrip);
    }

    [Fact]
    public void Two_hops_of_300_m_are_one_drive_across_a_stop_shorter_than_5_minutes_and_two_short_moves_across_a_longer_one()
    {
        IReadOnlyList<TrackPoint> Hops(Duration stop) =>
            From(OnTuesday(13, 50)).WaitUntil(OnTuesday(14)).DriveTo(At(0.3, 0)).Wait(stop, ignition: true).DriveTo(At(0.6, 0))
                .Wait(Duration.FromMinutes(10)).Points;

        // The car ends up 600 m from its yard, which the overnight check reports as well.
        Kinds(Check(Hops(Duration.FromSeconds(290)))).Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.NotBackOvernight);
        Kinds(Check(Hops(Duration.FromMinutes(5)))).Should().Equal(FindingKind.NotBackOvernight);
    }

    private static TripFacts Trip => TestTrack.Trip(declaredKm: 10m);

    [Fact]
    public void A_drive_during_a_trip_or_within_its_slack_is_covered_and_one_before_the_slack_is_not()
    {
        Check(DriveNorth(OnTuesday(9, 30), 5), [Trip]).Findings.Should().BeEmpty();
        Check(DriveNorth(OnTuesday(8, 30), 5), [Trip]).Findings.Should().BeEmpty();

        var early = Check(DriveNorth(OnTuesday(8, 25), 5), [Trip]).Findings.Should().ContainSingle().Subject;
        early.Kind.Should().Be(FindingKind.MovementWithoutTrip);
        (early.From, early.To).Should().Be((OnTuesday(8, 25), OnTuesday(8, 30)));
        early.Kilometres.Should().Be(3.0m);
    }

    [Fact]
    public void A_trip_started_before_its_window_covers_its_whole_drive_in_the_day_check()
    {
        var startedEarly = Trip with { StartedAt = OnTuesday(7) };

        Check(DriveNorth(OnTuesday(7, 5), 5), [startedEarly]).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_drive_ending_at_22_00_is_not_at_night_and_one_starting_at_22_00_is()
    {
        Kinds(Check(DriveNorth(OnTuesday(21, 58), 0.6))).Should().Equal(FindingKind.MovementWithoutTrip);

        var result = Check(DriveNorth(OnTuesday(22), 0.6));
        Kinds(result).Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.MovementAtNight);
        result.Findings[1].From.Should().Be(OnTuesday(22));
    }

    [Fact]
    public void A_drive_ending_at_06_00_is_at_night_and_one_starting_at_06_00_is_not()
    {
        Kinds(Check(DriveNorth(OnTuesday(5, 58), 0.6))).Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.MovementAtNight);
        Kinds(Check(DriveNorth(OnTuesday(6), 0.6))).Should().Equal(FindingKind.MovementWithoutTrip);
    }

    [Fact]
    public void Night_is_read_on_the_wall_clock_of_the_zone()
    {
        // 23:00 in the demo city is 15:00 UTC: read in UTC it would be an afternoon drive.
        var lateDrive = DriveNorth(OnTuesday(23), 0.6);

        Kinds(Check(lateDrive)).Should().Contain(FindingKind.MovementAtNight);
        Kinds(DayReconciliation.Check(VehicleId, Tuesday, lateDrive, [], Places, Policy, DateTimeZone.Utc, DayReconciliation.Weekend, Reconciled))
            .Should().Equal(FindingKind.MovementWithoutTrip);
    }

    [Fact]
    public void A_drive_with_no_trip_on_a_saturday_is_on_a_rest_day_unless_the_calendar_makes_it_a_working_day()
    {
        var saturday = new LocalDate(2026, 11, 7);
        var drive = DriveNorth(Local(2026, 11, 7, 10), 3);

        Kinds(Check(drive, day: saturday)).Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.MovementOnRestDay);
        Kinds(Check(drive, day: saturday, isRestDay: _ => false)).Should().Equal(FindingKind.MovementWithoutTrip);
    }

    [Fact]
    public void A_drive_with_no_trip_on_a_day_the_pool_sealed_its_cars_is_flagged_and_one_on_a_trip_is_not()
    {
        var drive = DriveNorth(OnTuesday(10), 3);
        Kinds(DayReconciliation.Check(VehicleId, Tuesday, drive, [], Places, Policy, Shanghai, _ => false, Reconciled, isSealed: d => d == Tuesday))
            .Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.MovementWhileSealed);
        Kinds(DayReconciliation.Check(VehicleId, Tuesday, drive, [], Places, Policy, Shanghai, _ => false, Reconciled, isSealed: d => d != Tuesday))
            .Should().Equal(FindingKind.MovementWithoutTrip);
    }

    [Fact]
    public void A_public_holiday_on_a_weekday_is_a_rest_day_when_the_calendar_says_so()
    {
        Kinds(Check(DriveNorth(OnTuesday(10), 3), isRestDay: d => d == Tuesday))
            .Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.MovementOnRestDay);
    }

    [Fact]
    public void A_trip_on_a_saturday_covers_its_drive()
    {
        var saturdayTrip = Trip with { WindowStart = Local(2026, 11, 7, 9), WindowEnd = Local(2026, 11, 7, 12), StartedAt = null, FinishedAt = null };

        Check(DriveNorth(Local(2026, 11, 7, 10), 3), [saturdayTrip], new LocalDate(2026, 11, 7)).Findings.Should().BeEmpty();
    }

    [Fact]
    public void Drives_of_the_day_before_or_after_are_not_this_day_s()
    {
        Check(DriveNorth(Local(2026, 11, 2, 23, 30), 3)).Findings.Should().BeEmpty();
        Check(DriveNorth(Local(2026, 11, 4, 0, 0), 3)).Findings.Should().BeEmpty();
    }

    /// <summary>Parked from 20:00 at <paramref name="place"/>, its terminal asleep and reporting every half hour until <paramref name="until"/>.</summary>
    private static IReadOnlyList<TrackPoint> ParkedAt(GeoPoint place, Instant? until = null) =>
        From(OnTuesday(20), place).WaitUntil(until ?? Local(2026, 11, 4, 7), every: Duration.FromMinutes(30)).Points;

    [Fact]
    public void A_car_190_m_from_its_base_point_at_02_00_is_back_and_one_210_m_away_is_not()
    {
        Check(ParkedAt(At(0.19, 0))).Findings.Should().BeEmpty();

        var away = Check(ParkedAt(At(0.21, 0))).Findings.Should().ContainSingle().Subject;
        away.Kind.Should().Be(FindingKind.NotBackOvernight);
        away.To.Should().Be(Local(2026, 11, 4, 2));
        away.From.Should().Be(Local(2026, 11, 4, 2), "the last report before the check came at 02:00 itself");
    }

    [Fact]
    public void Not_back_overnight_names_where_the_car_was_and_how_far_from_base()
    {
        var away = Check(ParkedAt(At(3, 0))).Findings.Should().ContainSingle().Subject;

        away.Kilometres.Should().Be(2.8m);
        away.Segment.Should().ContainSingle().Which.KilometresTo(At(3, 0)).Should().BeLessThan(0.001);
    }

    [Fact]
    public void A_base_drawn_as_a_yard_counts_the_car_inside_it_as_back()
    {
        var yard = Places with { Base = CarBase.Within(Area.Polygon(At(-0.5, -0.5), At(-0.5, 0.5), At(0.5, 0.5), At(0.5, -0.5))) };

        DayReconciliation.Check(VehicleId, Tuesday, ParkedAt(At(0.45, 0.45)), [], yard, Policy, Shanghai, DayReconciliation.Weekend, Reconciled)
            .Findings.Should().BeEmpty();
        var away = DayReconciliation.Check(VehicleId, Tuesday, ParkedAt(At(1.5, 0)), [], yard, Policy, Shanghai, DayReconciliation.Weekend, Reconciled)
            .Findings.Should().ContainSingle().Subject;
        away.Kilometres.Should().Be(1.0m);
    }

    [Fact]
    public void The_overnight_check_looks_at_the_last_report_before_02_00_and_a_car_back_at_02_10_was_not_back()
    {
        var backLate = From(OnTuesday(20), At(3, 0)).WaitUntil(Local(2026, 11, 4, 2, 5), every: Duration.FromMinutes(30))
            .DriveTo(Yard, 36).Wait(Duration.FromHours(1)).Points;
        var backEarly = From(OnTuesday(20), At(3, 0)).WaitUntil(Local(2026, 11, 4, 1, 50), every: Duration.FromMinutes(30))
            .DriveTo(Yard, 36).Wait(Duration.FromHours(1)).Points;

        var away = Check(backLate).Findings.Should().ContainSingle().Subject;
        away.Kind.Should().Be(FindingKind.NotBackOvernight);
        away.From.Should().Be(Local(2026, 11, 4, 2), "the car was last seen away at the half-hourly report of 02:00");
        Check(backEarly).Findings.Should().BeEmpty();
    }

    [Fact]
    public void An_approved_overnight_trip_covers_the_overnight_check_and_without_a_report_before_it_nothing_is_concluded()
    {
        var overnight = Trip with { WindowStart = OnTuesday(18), WindowEnd = Local(2026, 11, 4, 10), StartedAt = null, FinishedAt = null };

        Check(ParkedAt(At(3, 0)), [overnight]).Findings.Should().BeEmpty();
        Check(From(Local(2026, 11, 4, 3), At(3, 0)).Wait(Duration.FromHours(1)).Points).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_stay_in_a_geofence_outside_any_trip_is_a_dwell_and_the_same_stay_during_a_trip_is_the_trip_check_s()
    {
        var karaoke = From(OnTuesday(9, 50)).WaitUntil(OnTuesday(10)).DriveTo(At(0, 5.95), 60).Wait(Duration.FromMinutes(40))
            .DriveTo(Yard, 60).Wait(Duration.FromMinutes(10)).Points;

        var result = Check(karaoke);
        Kinds(result).Should().Equal(FindingKind.MovementWithoutTrip, FindingKind.GeofenceDwell, FindingKind.MovementWithoutTrip);
        result.Findings[1].Geofence.Should().Be(new GeofenceRef("金色年华KTV", GeofenceKind.EntertainmentVenue));
        result.Findings[1].Length().Should().Be(Duration.FromMinutes(40));

        Check(karaoke, [Trip]).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_terminal_silent_for_more_than_5_minutes_after_reporting_the_ignition_on_is_a_gap_and_with_the_ignition_off_it_is_asleep()
    {
        IReadOnlyList<TrackPoint> Silent(Duration silence, bool ignition) =>
            From(OnTuesday(14)).Wait(Duration.FromMinutes(1), ignition).Silent(silence).Report(ignition: ignition).Points;

        Check(Silent(Duration.FromMinutes(5), ignition: true)).Findings.Should().BeEmpty();
        Check(Silent(Duration.FromHours(3), ignition: false)).Findings.Should().BeEmpty();

        var gap = Check(Silent(Duration.FromSeconds(301), ignition: true)).Findings.Should().ContainSingle().Subject;
        (gap.Kind, gap.From, gap.To).Should().Be((FindingKind.SignalGap, OnTuesday(14, 1), OnTuesday(14, 6, 1)));
    }

    [Fact]
    public void An_unsorted_day_with_copies_and_a_jump_gives_the_same_conclusion_as_the_clean_day()
    {
        var clean = DriveNorth(OnTuesday(14), 5);
        var jump = clean[100] with { Longitude = At(0, 40).Longitude, At = clean[100].At + Duration.FromSeconds(3) };
        List<TrackPoint> messy = [.. clean.Reverse(), .. clean.Take(50), jump];

        Check(messy).Should().BeEquivalentTo(Check(clean));
    }

    /// <summary>
    /// Tuesday in the demo city, as a terminal reporting every 10 s while driving and every 5 minutes while parked
    /// sees it: the morning's trip to the district government and back as approved and declared, a lunch at the
    /// driver's home in the pool car, an evening at a karaoke hall, and the night at the driver's home.
    /// </summary>
    [Fact]
    public void A_realistic_day_shows_the_trip_clean_and_everything_else_the_car_did()
    {
        var parked = Duration.FromMinutes(5);
        var districtGovernment = At(3, 8);
        var route = From(Local(2026, 11, 2, 22)).WaitUntil(OnTuesday(8, 55), every: parked);
        var departed = route.Now;
        route.DriveTo(At(3, 0), 40).DriveTo(districtGovernment, 40).Wait(Duration.FromMinutes(90), every: Duration.FromMinutes(1))
            .DriveTo(At(3, 0), 40).DriveTo(Yard, 40);
        var returned = route.Now;
        route.WaitUntil(OnTuesday(12, 10), every: parked)
            .DriveTo(At(4, 0), 40).Wait(Duration.FromMinutes(50), every: parked).DriveTo(Yard, 40)
            .WaitUntil(OnTuesday(19, 30), every: parked)
            .DriveTo(At(0, 6), 40).WaitUntil(OnTuesday(22, 30), every: parked)
            .DriveTo(At(4, 0), 40).WaitUntil(Local(2026, 11, 4, 7), every: parked);

        var trip = new TripFacts(TripId, VehicleId, OnTuesday(9), OnTuesday(12), Distance.FromKilometres(48_210.0m),
            Distance.FromKilometres(48_232.4m), OutOfRegion: false, departed, returned, TerminalBound: true);

        var tripResult = TripReconciliation.Check(trip, route.Points, Places, Policy, Reconciled);
        tripResult.TrackKilometres.Should().Be(22.0m);
        tripResult.Findings.Should().BeEmpty();

        var padded = TripReconciliation.Check(trip with { OdometerIn = Distance.FromKilometres(48_272.4m) }, route.Points, Places, Policy, Reconciled);
        var mismatch = padded.Findings.Should().ContainSingle().Subject;
        (mismatch.Kind, mismatch.Kilometres, mismatch.DeclaredKilometres, mismatch.ToleranceKilometres)
            .Should().Be((FindingKind.DistanceMismatch, 22.0m, 62.4m, 3.0m));

        var day = Check(route.Points, [trip]);

        day.Findings.Select(f => (f.Kind, f.Geofence?.Name)).Should().Equal(
            (FindingKind.MovementWithoutTrip, null),
            (FindingKind.GeofenceDwell, "王师傅住址"),
            (FindingKind.MovementWithoutTrip, null),
            (FindingKind.MovementWithoutTrip, null),
            (FindingKind.GeofenceDwell, "金色年华KTV"),
            (FindingKind.MovementWithoutTrip, null),
            (FindingKind.MovementAtNight, null),
            (FindingKind.GeofenceDwell, "王师傅住址"),
            (FindingKind.NotBackOvernight, null));
        // 4 + 4 + 6 + 7.2 km driven with no trip; a drive counts from its first fast step, so the first 10 s after a
        // sleeping terminal's last report (about 100 m each) are in the day's distance but not in a drive's.
        day.KilometresWithoutTrip.Should().BeInRange(20.8m, 21.2m);
        day.TrackKilometres.Should().Be(43.2m);
        day.Findings[^1].Kilometres.Should().Be(3.8m);
        day.Findings.Should().OnlyContain(f => f.PolicyVersion == 1);
    }
}
