using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Positions.TestTrack;

namespace Fleet.Domain.Tests.Positions;

public class TrackTests
{
    private static TrackPoint Fix(int second, GeoPoint place, bool positioned = true) =>
        new(OnTuesday(10) + Duration.FromSeconds(second), place.Latitude, place.Longitude, null, true, positioned);

    private static IReadOnlyList<TrackPoint> Clean(params TrackPoint[] points) => Track.Clean(points, Policy);

    [Fact]
    public void Points_are_put_in_time_order_and_a_moment_reported_twice_is_kept_once_preferring_a_fix()
    {
        var noFix = Fix(10, At(5, 5), positioned: false);
        var points = Clean(Fix(20, At(0.2, 0)), noFix, Fix(0, At(0, 0)), Fix(10, At(0.1, 0)), Fix(20, At(0.2, 0)));

        points.Select(p => p.At).Should().Equal(OnTuesday(10), OnTuesday(10, 0, 10), OnTuesday(10, 0, 20));
        points[1].Positioned.Should().BeTrue();
    }

    [Fact]
    public void A_fix_that_needs_more_than_200_km_h_from_both_neighbours_is_dropped_and_one_just_under_is_kept()
    {
        // 10 s at 200 km/h is 555.6 m: the middle point lies that far sideways from a car standing still.
        var sideways = (double km) => Clean(Fix(0, At(0, 0)), Fix(10, At(0, km)), Fix(20, At(0, 0)));

        sideways(0.54).Should().HaveCount(3);
        sideways(0.57).Should().HaveCount(2).And.OnlyContain(p => p.Longitude == Yard.Longitude);
    }

    [Fact]
    public void A_first_fix_far_from_a_track_that_agrees_with_itself_is_dropped_and_so_is_a_last_one()
    {
        var track = new[] { Fix(10, At(0, 0)), Fix(20, At(0.1, 0)), Fix(30, At(0.2, 0)) };

        Clean([Fix(0, At(30, 0)), .. track]).Should().Equal(track);
        Clean([.. track, Fix(40, At(-30, 0))]).Should().Equal(track);
    }

    [Fact]
    public void A_car_that_drove_on_while_its_terminal_was_silent_is_where_its_next_fixes_say()
    {
        // 10 km in 5 minutes is 120 km/h: possible, so the relocation stands and counts.
        var points = Clean(Fix(0, At(0, 0)), Fix(300, At(10, 0)), Fix(310, At(10.1, 0)));

        points.Should().HaveCount(3);
    }

    [Fact]
    public void Coordinates_off_the_globe_become_a_report_without_a_fix_and_reports_without_one_stay()
    {
        var points = Clean(Fix(0, At(0, 0)), Fix(10, new GeoPoint(95, 114)), Fix(20, new GeoPoint(30, double.NaN)), Fix(30, At(0, 0), positioned: false));

        points.Should().HaveCount(4);
        points.Skip(1).Should().OnlyContain(p => !p.Positioned);
    }

    [Fact]
    public void No_points_make_an_empty_track()
    {
        Clean().Should().BeEmpty();
    }

    [Fact]
    public void Distances_are_haversine_on_the_earth_s_mean_radius()
    {
        // One degree of latitude, and Wuhan to Beijing's Tiananmen (about 1,052 km on the ellipsoid).
        new GeoPoint(30, 114).KilometresTo(new GeoPoint(31, 114)).Should().BeApproximately(111.195, 0.001);
        new GeoPoint(30.5928, 114.3055).KilometresTo(new GeoPoint(39.9075, 116.3972)).Should().BeApproximately(1052, 5);
    }

    [Fact]
    public void A_polygon_ring_may_be_given_open_or_closed_and_its_boundary_is_inside()
    {
        var open = Area.Polygon(new(30, 114), new(30, 115), new(31, 115), new(31, 114));
        var closed = Area.Polygon(new(30, 114), new(30, 115), new(31, 115), new(31, 114), new(30, 114));

        foreach (var area in new[] { open, closed })
        {
            area.Contains(new GeoPoint(30.5, 114.5)).Should().BeTrue();
            area.Contains(new GeoPoint(30, 114.5)).Should().BeTrue();
            area.Contains(new GeoPoint(31.01, 114.5)).Should().BeFalse();
            area.KilometresOutside(new GeoPoint(31.1, 114.5)).Should().BeApproximately(11.1, 0.1);
        }
    }

    [Fact]
    public void A_circle_holds_what_lies_within_its_radius_on_the_ground()
    {
        var circle = Area.Circle(Yard, 100);

        circle.Contains(At(0.099, 0)).Should().BeTrue();
        circle.Contains(At(0, 0.101)).Should().BeFalse();
        circle.KilometresOutside(At(1.1, 0)).Should().BeApproximately(1.0, 0.001);
    }
}
