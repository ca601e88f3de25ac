using Fleet.Domain.People;
using Fleet.Domain.Positions.Tracks;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Positions;

/// <summary>A long track is thinned for drawing without moving its turns; who may see a track; where the looks are kept.</summary>
public sealed class TrackDrawingTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 3, 1, 0);

    /// <summary>East along a parallel for <paramref name="east"/> fixes, then north: one turn.</summary>
    private static List<TrackFix> Corner(int east, int north) =>
        Enumerable.Range(0, east + north).Select(i => new TrackFix(Start + Duration.FromSeconds(10 * i),
            30.59 + Math.Max(0, i - east) * 0.0001, 114.30 + Math.Min(i, east) * 0.0001, 40m, i < east ? 90 : 0)).ToList();

    [Fact]
    public void A_short_track_is_drawn_whole()
    {
        var track = Corner(100, 100);
        TrackDrawing.Simplify(track).Should().BeSameAs(track);
    }

    [Fact]
    public void A_long_track_keeps_its_ends_and_its_turn_and_drops_the_straight_stretches()
    {
        var track = Corner(3000, 2000);
        var drawn = TrackDrawing.Simplify(track);
        // The turn is the first fix of the northward leg: the last one east of all and still on the parallel.
        drawn.Should().Equal(track[0], track[3000], track[^1]);
    }

    [Fact]
    public void A_wiggle_wider_than_the_tolerance_stays()
    {
        var track = Corner(3000, 0);
        track[1500] = track[1500] with { Latitude = track[1500].Latitude + 0.0002 };
        TrackDrawing.Simplify(track).Should().Contain(track[1500], "22 m off the line is more than a road's width");
    }

    [Theory]
    [InlineData(Role.Dispatcher, true, false)]
    [InlineData(Role.Supervisor, true, true)]
    [InlineData(Role.Clerk, false, false)]
    [InlineData(Role.Approver, false, false)]
    [InlineData(Role.Driver, false, false)]
    [InlineData(Role.FleetAdmin, false, false)]
    public void Only_dispatchers_see_trips_and_only_supervisors_see_outside_them(Role role, bool trip, bool period)
    {
        var roles = new HashSet<Role> { role };
        (TrackLooks.MaySeeTrip(roles) is null).Should().Be(trip);
        (TrackLooks.MaySeePeriod(roles) is null).Should().Be(period);
        TrackLooks.SeesOutsideTrips(roles).Should().Be(period);
        if (!trip) TrackLooks.MaySeeTrip(roles)!.Code.Should().Be("track.not_allowed");
    }

    [Fact]
    public void The_looks_of_a_pool_and_month_share_one_stream_of_their_own()
    {
        var november = new YearMonth(2026, 11);
        TrackLooks.StreamOf("420102", november).Should().Be(TrackLooks.StreamOf("420102", november));
        TrackLooks.StreamOf("420102", november).Should().NotBe(TrackLooks.StreamOf("420103", november));
        TrackLooks.StreamOf("420102", november).Should().NotBe(TrackLooks.StreamOf("420102", november.PlusMonths(1)));
    }
}
