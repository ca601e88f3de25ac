using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Positions.TestTrack;

namespace Fleet.Domain.Tests.Positions;

public class TrackRecapTests
{
    [Fact]
    public void Two_drives_with_half_an_hour_at_the_karaoke_hall_are_6_km_out_6_km_back_and_one_stop_there()
    {
        var hall = At(0, 6);
        var track = From(OnTuesday(20)).DriveTo(hall).Wait(Duration.FromMinutes(30)).DriveTo(Yard).Wait(Duration.FromMinutes(10)).Points;

        var recap = TrackRecap.Of(track, Policy);

        recap.Kilometres.Should().BeApproximately(12, 0.01);
        var stop = recap.Stops.Should().ContainSingle().Subject;
        stop.From.Should().Be(OnTuesday(20, 10));
        stop.To.Should().Be(OnTuesday(20, 40));
        stop.Length.Should().Be(Duration.FromMinutes(30));
        stop.Place.KilometresTo(hall).Should().BeLessThan(0.01);
    }

    [Fact]
    public void A_wait_at_the_lights_shorter_than_the_drive_break_is_no_stop_and_a_parked_car_drove_nowhere()
    {
        var lights = From(OnTuesday(9)).DriveTo(At(3, 0)).Wait(Duration.FromMinutes(2)).DriveTo(At(6, 0)).Points;
        TrackRecap.Of(lights, Policy).Stops.Should().BeEmpty();
        TrackRecap.Of(lights, Policy).Kilometres.Should().BeApproximately(6, 0.01);

        var parked = From(OnTuesday(9)).Wait(Duration.FromHours(2)).Points;
        TrackRecap.Of(parked, Policy).Should().BeEquivalentTo(new TrackRecap(0, []));
        TrackRecap.Of([], Policy).Kilometres.Should().Be(0);
    }
}
