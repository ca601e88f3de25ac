using Fleet.Domain.Positions.Reconciliation;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Positions.TestTrack;

namespace Fleet.Domain.Tests.Positions;

public class ReconciliationPolicyTests
{
    [Fact]
    public void The_default_thresholds_are_version_1()
    {
        Policy.Should().BeEquivalentTo(new
        {
            Version = 1,
            DistanceToleranceKm = 3m,
            DistanceTolerancePercent = 10m,
            AwaySlack = Duration.FromMinutes(30),
            MovingSpeedKmh = 5m,
            MinimumDriveMetres = 500,
            DriveBreak = Duration.FromMinutes(5),
            NightStart = new LocalTime(22, 0),
            NightEnd = new LocalTime(6, 0),
            MinimumDwell = Duration.FromMinutes(15),
            SignalGap = Duration.FromMinutes(5),
            OvernightCheck = new LocalTime(2, 0),
            BaseRadiusMetres = 200,
            MaxPlausibleSpeedKmh = 200m,
        });
    }

    [Fact]
    public void A_changed_policy_is_the_one_its_event_describes_and_its_findings_carry_its_version()
    {
        var changed = new ReconciliationPolicyChanged(2, 5m, 15m, Duration.FromMinutes(45), 8m, 1000, Duration.FromMinutes(10),
            new LocalTime(23, 0), new LocalTime(5, 0), Duration.FromMinutes(30), Duration.FromMinutes(10), new LocalTime(3, 0), 300, 180m,
            OnTuesday(8));

        var policy = ReconciliationPolicy.From(changed);

        policy.Should().BeEquivalentTo(changed, o => o.Excluding(e => e.ChangedAt));
        var track = From(OnTuesday(14)).DriveTo(At(0.9, 0)).DriveTo(Yard).Points;
        DayReconciliation.Check(VehicleId, Tuesday, track, [], Places, Policy, Shanghai, DayReconciliation.Weekend, OnTuesday(23))
            .Findings.Should().ContainSingle().Which.PolicyVersion.Should().Be(1);
        var underVersion2 = DayReconciliation.Check(VehicleId, Tuesday, track, [], Places, policy, Shanghai, DayReconciliation.Weekend, OnTuesday(23));
        underVersion2.PolicyVersion.Should().Be(2);
        underVersion2.Findings.Should().ContainSingle().Which.PolicyVersion.Should().Be(2);
    }

    [Fact]
    public void The_distance_tolerance_is_3_km_up_to_30_km_and_10_percent_beyond()
    {
        Policy.DistanceToleranceKmFor(0).Should().Be(3);
        Policy.DistanceToleranceKmFor(30).Should().Be(3);
        Policy.DistanceToleranceKmFor(80).Should().Be(8);
    }

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(0, 0, true)]
    [InlineData(5, 59, true)]
    [InlineData(6, 0, false)]
    [InlineData(12, 0, false)]
    public void The_night_runs_from_22_00_to_06_00(int hour, int minute, bool night)
    {
        Policy.IsNight(new LocalTime(hour, minute)).Should().Be(night);
    }

    [Fact]
    public void A_night_that_does_not_wrap_midnight_is_read_within_the_day()
    {
        var small = Policy with { NightStart = new LocalTime(1, 0), NightEnd = new LocalTime(5, 0) };

        small.IsNight(new LocalTime(0, 59)).Should().BeFalse();
        small.IsNight(new LocalTime(1, 0)).Should().BeTrue();
        small.IsNight(new LocalTime(5, 0)).Should().BeFalse();
    }

    [Fact]
    public void The_overnight_check_is_in_the_night_after_the_day_on_the_local_clock()
    {
        Policy.OvernightCheckAfter(Tuesday, Shanghai).Should().Be(Local(2026, 11, 4, 2));
        (Policy with { OvernightCheck = new LocalTime(23, 0) }).OvernightCheckAfter(Tuesday, Shanghai).Should().Be(OnTuesday(23));
    }

    [Fact]
    public void A_base_given_as_a_point_is_the_circle_of_the_policy_s_radius()
    {
        var area = CarBase.At(Yard).AsArea(Policy);

        area.Contains(At(0.199, 0)).Should().BeTrue();
        area.Contains(At(0.201, 0)).Should().BeFalse();
        CarBase.At(Yard).AsArea(Policy with { BaseRadiusMetres = 300 }).Contains(At(0.25, 0)).Should().BeTrue();
    }
}
