using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Positions.TestTrack;

namespace Fleet.Domain.Tests.Positions;

public class TripReconciliationTests
{
    private static readonly Instant Reconciled = OnTuesday(12);

    private static TripTrackReconciled Check(TripFacts trip, IEnumerable<TrackPoint> track, ReconciliationPlaces? places = null) =>
        TripReconciliation.Check(trip, track, places ?? Places, Policy, Reconciled);

    private static IEnumerable<FindingKind> Kinds(TripTrackReconciled result) => result.Findings.Select(f => f.Kind);

    /// <summary>Out at 09:00 straight north at 50 km/h, ten minutes there with the engine running, back the same way, parked until 11:30.</summary>
    private static IReadOnlyList<TrackPoint> RoundTrip(double kmEachWay) =>
        From(OnTuesday(8, 50)).WaitUntil(OnTuesday(9)).DriveTo(At(kmEachWay, 0), 50).Wait(Duration.FromMinutes(10), ignition: true)
            .DriveTo(Yard, 50).WaitUntil(OnTuesday(11, 30)).Points;

    [Fact]
    public void A_trip_whose_track_agrees_with_its_declaration_has_no_findings_and_records_both_distances_and_the_policy_version()
    {
        var result = Check(Trip(declaredKm: 51.2m), RoundTrip(25));

        result.Should().BeEquivalentTo(new TripTrackReconciled(TripId, VehicleId, 1, 50.0m, 51.2m, [], Reconciled));
    }

    [Fact]
    public void Over_50_km_a_declaration_may_differ_by_10_percent_so_54_9_km_passes_and_55_1_km_is_a_mismatch()
    {
        Check(Trip(declaredKm: 54.9m), RoundTrip(25)).Findings.Should().BeEmpty();

        var finding = Check(Trip(declaredKm: 55.1m), RoundTrip(25)).Findings.Should().ContainSingle().Subject;
        finding.Kind.Should().Be(FindingKind.DistanceMismatch);
        finding.Kilometres.Should().Be(50.0m);
        finding.DeclaredKilometres.Should().Be(55.1m);
        finding.ToleranceKilometres.Should().Be(5.0m);
        finding.PolicyVersion.Should().Be(1);
        (finding.From, finding.To).Should().Be((OnTuesday(9), OnTuesday(11)));
        // Straight out and back: the evidence keeps the turning point and drops the thousand fixes in between.
        finding.Segment.Should().HaveCount(3);
        finding.Segment[1].KilometresTo(At(25, 0)).Should().BeLessThan(0.001);
        finding.FixCount.Should().BeGreaterThan(700);
    }

    [Fact]
    public void Over_10_km_the_fixed_3_km_applies_so_12_9_km_passes_and_13_1_km_or_6_9_km_are_mismatches()
    {
        Check(Trip(declaredKm: 12.9m), RoundTrip(5)).Findings.Should().BeEmpty();
        Check(Trip(declaredKm: 7.1m), RoundTrip(5)).Findings.Should().BeEmpty();

        Kinds(Check(Trip(declaredKm: 13.1m), RoundTrip(5))).Should().Equal(FindingKind.DistanceMismatch);
        Kinds(Check(Trip(declaredKm: 6.9m), RoundTrip(5))).Should().Equal(FindingKind.DistanceMismatch);
    }

    [Fact]
    public void A_trip_not_yet_finished_has_no_declared_distance_and_so_no_mismatch_but_its_track_is_measured()
    {
        var result = Check(Trip(declaredKm: null), RoundTrip(25));

        result.DeclaredKilometres.Should().BeNull();
        result.TrackKilometres.Should().Be(50.0m);
        result.Findings.Should().BeEmpty();
    }

    /// <summary>From the edge of the yard, 150 m out (the yard is 200 m around its point), north at 36 km/h: the next fix, 10 s later, is outside.</summary>
    private static Route LeavingAt(Instant departure) => From(departure, At(0.15, 0)).DriveTo(At(3.25, 0), 36);

    [Fact]
    public void Leaving_base_30_minutes_before_the_approved_start_is_inside_the_slack_and_a_second_earlier_is_not()
    {
        Check(Trip(), LeavingAt(OnTuesday(8, 29, 50)).WaitUntil(OnTuesday(11, 20)).Points).Findings.Should().BeEmpty();

        var early = Check(Trip(), LeavingAt(OnTuesday(8, 29, 49)).WaitUntil(OnTuesday(11, 20)).Points)
            .Findings.Should().ContainSingle().Subject;
        early.Kind.Should().Be(FindingKind.AwayOutsideWindow);
        // From the first fix outside the yard to the approved start: all the time outside the window, not just past the slack.
        (early.From, early.To).Should().Be((OnTuesday(8, 29, 59), OnTuesday(9)));
        early.Kilometres.Should().Be(3.0m);
    }

    [Fact]
    public void Coming_back_30_minutes_after_the_approved_end_is_inside_the_slack_and_ten_seconds_later_is_not()
    {
        Route ComingBack(Instant lastLeg) => LeavingAt(OnTuesday(9, 5)).WaitUntil(lastLeg, ignition: true)
            .DriveTo(At(0.25, 0), 36).DriveTo(Yard, 36);

        Check(Trip(), ComingBack(OnTuesday(11, 25)).Points).Findings.Should().BeEmpty();

        var late = Check(Trip(), ComingBack(OnTuesday(11, 25, 10)).Points).Findings.Should().ContainSingle().Subject;
        late.Kind.Should().Be(FindingKind.AwayOutsideWindow);
        (late.From, late.To).Should().Be((OnTuesday(11), OnTuesday(11, 30, 10)));
        late.Kilometres.Should().Be(3.0m);
    }

    [Fact]
    public void Time_away_that_touches_no_window_is_left_to_the_day_check()
    {
        var evening = From(OnTuesday(8)).WaitUntil(OnTuesday(9)).DriveTo(At(3, 0)).DriveTo(Yard)
            .WaitUntil(OnTuesday(11, 30)).At(OnTuesday(19)).DriveTo(At(5, 0)).Points;

        Check(Trip(), evening).Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_trip_inside_the_region_that_drives_30_1_km_out_leaves_the_approved_area_and_29_9_km_does_not()
    {
        IReadOnlyList<TrackPoint> Out(double km) => From(OnTuesday(9)).DriveTo(At(km, 0), 60).DriveTo(Yard, 60).WaitUntil(OnTuesday(11, 30)).Points;

        Check(Trip(), Out(29.9)).Findings.Should().BeEmpty();

        var left = Check(Trip(), Out(30.1)).Findings.Should().ContainSingle().Subject;
        left.Kind.Should().Be(FindingKind.LeftApprovedArea);
        left.Segment.Should().ContainSingle().Which.KilometresTo(At(30.1, 0)).Should().BeLessThan(0.001);
        left.From.Should().Be(left.To);
    }

    [Fact]
    public void A_trip_approved_to_leave_the_region_may_leave_the_city()
    {
        var result = Check(Trip(outOfRegion: true), From(OnTuesday(9)).DriveTo(At(40, 0), 60).DriveTo(Yard, 60).WaitUntil(OnTuesday(11, 30)).Points);

        result.Findings.Should().BeEmpty();
    }

    /// <summary>East at 60 km/h to 50 m inside the karaoke hall's square (the fix before is outside it), a stay, and back.</summary>
    private static (IReadOnlyList<TrackPoint> Track, Instant Arrived) ToTheKaraoke(Duration stay)
    {
        var route = From(OnTuesday(9)).DriveTo(At(0, 5.95), 60);
        var arrived = route.Now;
        return (route.Wait(stay).DriveTo(Yard, 60).WaitUntil(OnTuesday(11, 30)).Points, arrived);
    }

    [Fact]
    public void A_stay_of_15_minutes_in_a_geofence_during_a_trip_is_a_dwell_with_the_place_named_and_14_50_is_not()
    {
        Check(Trip(), ToTheKaraoke(Duration.FromSeconds(14 * 60 + 50)).Track).Findings.Should().BeEmpty();

        var (track, arrived) = ToTheKaraoke(Duration.FromMinutes(15));
        var dwell = Check(Trip(), track).Findings.Should().ContainSingle().Subject;
        dwell.Kind.Should().Be(FindingKind.GeofenceDwell);
        dwell.Geofence.Should().Be(new GeofenceRef("金色年华KTV", GeofenceKind.EntertainmentVenue));
        dwell.Length().Should().Be(Duration.FromMinutes(15));
        dwell.From.Should().Be(arrived);
        dwell.Kilometres.Should().Be(0.0m);
    }

    [Fact]
    public void A_circle_geofence_counts_a_stay_within_its_radius()
    {
        // In from the east and out the same way: the fixes before arriving 70 m from the address and after leaving are over 100 m from it.
        var track = From(OnTuesday(9)).DriveTo(At(4.05, 1), 40).DriveTo(At(4.05, 0.05), 40).Wait(Duration.FromMinutes(20))
            .DriveTo(At(4.05, 1), 40).DriveTo(Yard, 40).WaitUntil(OnTuesday(11, 30)).Points;

        var dwell = Check(Trip(), track).Findings.Should().ContainSingle().Subject;
        dwell.Geofence!.Kind.Should().Be(GeofenceKind.PrivateAddress);
        dwell.Length().Should().Be(Duration.FromMinutes(20));
    }

    private static IReadOnlyList<TrackPoint> SilentOnTheWay(Duration silence, GeoPoint? endUpAt = null) =>
        From(OnTuesday(9)).DriveTo(At(2, 0), 40).Silent(silence, endUpAt).DriveTo(At(12, 0), 40).DriveTo(Yard, 40).WaitUntil(OnTuesday(11, 30)).Points;

    [Fact]
    public void Five_minutes_without_a_report_during_a_trip_is_no_gap_and_five_minutes_and_a_second_is()
    {
        // The first report after the silence comes 10 s after the silence ends.
        Check(Trip(), SilentOnTheWay(Duration.FromSeconds(290))).Findings.Should().BeEmpty();

        var gap = Check(Trip(), SilentOnTheWay(Duration.FromSeconds(291))).Findings.Should().ContainSingle().Subject;
        gap.Kind.Should().Be(FindingKind.SignalGap);
        (gap.From, gap.To).Should().Be((OnTuesday(9, 3), OnTuesday(9, 8, 1)));
    }

    [Fact]
    public void A_gap_shows_how_far_the_car_moved_while_the_terminal_was_silent_and_the_distance_still_counts_that_stretch()
    {
        var result = Check(Trip(declaredKm: 24m), SilentOnTheWay(Duration.FromMinutes(10), endUpAt: At(8, 0)));

        var gap = result.Findings.Should().ContainSingle().Subject;
        gap.Kind.Should().Be(FindingKind.SignalGap);
        // From the last fix before, 2 km out, to the first after, 10 s past 8 km.
        gap.Kilometres.Should().Be(6.1m);
        gap.Segment.Should().HaveCount(2);
        result.TrackKilometres.Should().Be(24.0m);
    }

    [Fact]
    public void A_terminal_silent_from_the_departure_is_a_gap_from_the_start_of_the_trip()
    {
        var track = From(OnTuesday(8, 50)).WaitUntil(OnTuesday(8, 59)).Silent(Duration.FromMinutes(20)).WaitUntil(OnTuesday(11, 30)).Points;

        var gap = Check(Trip(), track).Findings.Should().ContainSingle().Subject;
        (gap.Kind, gap.From, gap.To).Should().Be((FindingKind.SignalGap, OnTuesday(9), OnTuesday(9, 19, 10)));
    }

    [Fact]
    public void A_trip_with_no_points_at_all_is_one_gap_over_the_whole_trip_when_a_terminal_is_bound_and_nothing_without_one()
    {
        var bound = Check(Trip(declaredKm: 30m), []);
        bound.TrackKilometres.Should().BeNull();
        var gap = bound.Findings.Should().ContainSingle().Subject;
        (gap.Kind, gap.From, gap.To, gap.FixCount, gap.Kilometres).Should().Be((FindingKind.SignalGap, OnTuesday(9), OnTuesday(11), 0, (decimal?)null));

        var unbound = Check(Trip(declaredKm: 30m, terminalBound: false), RoundTrip(25));
        unbound.Should().BeEquivalentTo(new TripTrackReconciled(TripId, VehicleId, 1, null, 30.0m, [], Reconciled));
    }

    [Fact]
    public void Points_out_of_order_and_sent_twice_give_the_same_conclusion_as_the_clean_track()
    {
        var clean = RoundTrip(25);
        var messy = clean.Concat(clean.Where((_, i) => i % 7 == 0)).OrderBy(p => p.Latitude * 1e6 % 97).ToList();

        Check(Trip(declaredKm: 55.1m), messy).Should().BeEquivalentTo(Check(Trip(declaredKm: 55.1m), clean));
    }

    [Fact]
    public void A_gps_jump_out_of_the_city_is_dropped_and_neither_adds_distance_nor_leaves_the_area()
    {
        var clean = RoundTrip(10);
        var jump = clean[200] with { Latitude = At(45, 0).Latitude, At = clean[200].At + Duration.FromSeconds(5) };

        var result = Check(Trip(declaredKm: 20m), [.. clean, jump]);

        result.TrackKilometres.Should().Be(20.0m);
        result.Findings.Should().BeEmpty();
    }

    [Fact]
    public void Reports_without_a_fix_add_no_distance_but_keep_a_silence_from_being_a_gap()
    {
        var track = From(OnTuesday(9)).DriveTo(At(2, 0), 40)
            .Silent(Duration.FromMinutes(4)).Report(positioned: false, at: new GeoPoint(0, 0))
            .Silent(Duration.FromMinutes(4)).Report(positioned: false, at: new GeoPoint(0, 0))
            .DriveTo(Yard, 40).WaitUntil(OnTuesday(11, 30)).Points;

        var result = Check(Trip(declaredKm: 4m), track);

        result.TrackKilometres.Should().Be(4.0m);
        result.Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_fix_with_coordinates_off_the_globe_is_read_as_no_fix()
    {
        var track = From(OnTuesday(9)).DriveTo(At(2, 0), 40).Report(at: new GeoPoint(91, 200)).DriveTo(Yard, 40).WaitUntil(OnTuesday(11, 30)).Points;

        var result = Check(Trip(declaredKm: 4m), track);

        result.TrackKilometres.Should().Be(4.0m);
        result.Findings.Should().BeEmpty();
    }

    [Fact]
    public void The_findings_of_a_trip_come_in_the_order_they_happened()
    {
        // Left at 08:20 for the karaoke hall and still there at 09:00, out of the city, silent on the way back, 40 km padded.
        var track = From(OnTuesday(8, 20), At(0.15, 0)).DriveTo(At(0, 5.95), 30).WaitUntil(OnTuesday(9, 20))
            .DriveTo(At(31, 0), 60).DriveTo(At(15, 0), 60).Silent(Duration.FromMinutes(8)).DriveTo(Yard, 60)
            .WaitUntil(OnTuesday(11, 30)).Points;

        var result = Check(Trip(declaredKm: 100m), track);

        Kinds(result).Should().Equal(
            FindingKind.AwayOutsideWindow, FindingKind.DistanceMismatch, FindingKind.GeofenceDwell,
            FindingKind.LeftApprovedArea, FindingKind.SignalGap);
        // Only the part of the stay inside the trip is the trip's: from the first report after 09:00.
        (result.Findings[2].From - OnTuesday(9)).Should().BeLessThan(Route.Every);
    }
}
