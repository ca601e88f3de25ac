using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleAvailabilityTests
{
    private static readonly Guid JobId = Guid.Parse("01900000-0000-7000-8000-0000000000c1");

    /// <summary>The last day the papers in <see cref="Roadworthy"/> are valid.</summary>
    private static readonly LocalDate PapersValidUntil = new(2026, 11, 2);

    /// <summary>A vehicle with its inspection and insurance valid until the end of 2 November 2026 in Shanghai.</summary>
    private static readonly object[] Roadworthy = [Inspected(PapersValidUntil), Insured(PapersValidUntil.PlusYears(1))];

    private static Vehicle GivenRoadworthy(params object[] history) => Given([.. Roadworthy, .. history]);

    private static IReadOnlyList<VehicleUnavailability> Check(Vehicle vehicle, Interval wanted) =>
        VehicleAvailability.Check(vehicle, wanted, Shanghai);

    [Fact]
    public void A_vehicle_with_valid_papers_and_a_free_workshop_is_available()
    {
        Check(GivenRoadworthy(), Between(At(2026, 11, 2, 9), At(2026, 11, 2, 12))).Should().BeEmpty();
    }

    // Maintenance, half-open [start, end)

    [Fact]
    public void A_booked_job_overlapping_the_trip_makes_the_vehicle_unavailable()
    {
        var vehicle = GivenRoadworthy(Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 12))));

        Check(vehicle, Between(At(2026, 11, 2, 11, 59), At(2026, 11, 2, 14))).Should().Equal(
            VehicleUnavailability.InWorkshop(vehicle.FindMaintenance(JobId)!));
    }

    [Fact]
    public void A_job_ending_the_instant_the_trip_starts_does_not_block_it()
    {
        var vehicle = GivenRoadworthy(Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 12))));

        Check(vehicle, Between(At(2026, 11, 2, 12), At(2026, 11, 2, 14))).Should().BeEmpty();
    }

    [Fact]
    public void A_job_starting_the_instant_the_trip_ends_does_not_block_it()
    {
        var vehicle = GivenRoadworthy(Scheduled(JobId, Between(At(2026, 11, 2, 12), At(2026, 11, 2, 17))));

        Check(vehicle, Between(At(2026, 11, 2, 9), At(2026, 11, 2, 12))).Should().BeEmpty();
        Check(vehicle, Between(At(2026, 11, 2, 9), At(2026, 11, 2, 12, 1))).Should().ContainSingle()
            .Which.Reason.Should().Be(VehicleUnavailableReason.Maintenance);
    }

    [Fact]
    public void A_cancelled_job_does_not_block()
    {
        var vehicle = GivenRoadworthy(Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 17))), Cancelled(JobId));

        Check(vehicle, Between(At(2026, 11, 2, 9), At(2026, 11, 2, 12))).Should().BeEmpty();
    }

    [Fact]
    public void A_job_completed_early_stops_blocking_when_the_vehicle_is_handed_back()
    {
        var vehicle = GivenRoadworthy(
            Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 17))),
            Started(JobId, At(2026, 11, 2, 8)),
            Completed(JobId, At(2026, 11, 2, 11)));

        Check(vehicle, Between(At(2026, 11, 2, 11), At(2026, 11, 2, 14))).Should().BeEmpty();
        Check(vehicle, Between(At(2026, 11, 2, 10), At(2026, 11, 2, 14))).Should().ContainSingle()
            .Which.Maintenance!.State.Should().Be(MaintenanceState.Completed);
    }

    [Fact]
    public void A_job_that_started_late_is_still_expected_to_take_as_long_as_planned()
    {
        var vehicle = GivenRoadworthy(
            Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 10))),
            Started(JobId, At(2026, 11, 2, 9)));

        Check(vehicle, Between(At(2026, 11, 2, 10, 30), At(2026, 11, 2, 12))).Should().ContainSingle()
            .Which.Reason.Should().Be(VehicleUnavailableReason.Maintenance);
        Check(vehicle, Between(At(2026, 11, 2, 11), At(2026, 11, 2, 12))).Should().BeEmpty();
    }

    [Fact]
    public void Each_job_in_the_way_is_listed_in_the_order_it_happens()
    {
        var later = Guid.NewGuid();
        var vehicle = GivenRoadworthy(
            Scheduled(later, Between(At(2026, 11, 2, 14), At(2026, 11, 2, 16))),
            Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 10))));

        Check(vehicle, Between(At(2026, 11, 2, 9), At(2026, 11, 2, 15)))
            .Select(u => u.Maintenance!.MaintenanceId).Should().Equal(JobId, later);
    }

    // Papers, valid to the end of their last day in Shanghai

    [Fact]
    public void A_trip_ending_at_23_59_local_on_the_last_day_is_covered()
    {
        // 2026-11-02T15:59Z is 23:59 on 2 November in Shanghai.
        var wanted = Between(At(2026, 11, 2, 20), Instant.FromUtc(2026, 11, 2, 15, 59));

        Check(GivenRoadworthy(), wanted).Should().BeEmpty();
    }

    [Fact]
    public void A_trip_ending_exactly_at_local_midnight_after_the_last_day_is_covered()
    {
        // 2026-11-02T16:00Z is midnight between 2 and 3 November in Shanghai; the trip is over by then.
        var wanted = Between(At(2026, 11, 2, 20), Instant.FromUtc(2026, 11, 2, 16, 0));

        Check(GivenRoadworthy(), wanted).Should().BeEmpty();
    }

    [Fact]
    public void A_trip_running_into_the_next_local_day_needs_a_valid_inspection_then()
    {
        var wanted = Between(At(2026, 11, 2, 20), Instant.FromUtc(2026, 11, 2, 16, 1));

        Check(GivenRoadworthy(), wanted).Should().Equal(
            VehicleUnavailability.Expired(VehicleUnavailableReason.InspectionExpired, PapersValidUntil));
    }

    [Fact]
    public void A_trip_after_the_last_day_is_not_covered_even_though_it_is_still_that_day_in_UTC()
    {
        // 3 November 06:00 in Shanghai is 2 November 22:00 UTC.
        var wanted = Between(At(2026, 11, 3, 6), At(2026, 11, 3, 7));

        Check(GivenRoadworthy(), wanted).Should().ContainSingle()
            .Which.Should().Be(VehicleUnavailability.Expired(VehicleUnavailableReason.InspectionExpired, PapersValidUntil));
    }

    [Fact]
    public void An_expired_policy_is_reported_with_its_last_day()
    {
        var vehicle = Given(Inspected(new LocalDate(2027, 10, 31)), Insured(PapersValidUntil));

        Check(vehicle, Between(At(2026, 11, 2, 22), At(2026, 11, 3, 2))).Should().Equal(
            VehicleUnavailability.Expired(VehicleUnavailableReason.InsuranceExpired, PapersValidUntil));
    }

    [Fact]
    public void A_vehicle_without_papers_on_file_is_missing_both()
    {
        Check(Given(), Between(At(2026, 11, 2, 9), At(2026, 11, 2, 12))).Should().Equal(
            VehicleUnavailability.Because(VehicleUnavailableReason.InspectionMissing),
            VehicleUnavailability.Because(VehicleUnavailableReason.InsuranceMissing));
    }

    [Fact]
    public void Every_reason_is_listed_at_once()
    {
        var vehicle = Given(Inspected(PapersValidUntil), Scheduled(JobId, Between(At(2026, 11, 3, 8), At(2026, 11, 3, 12))));

        Check(vehicle, Between(At(2026, 11, 3, 9), At(2026, 11, 3, 10))).Select(u => u.Reason).Should().Equal(
            VehicleUnavailableReason.Maintenance,
            VehicleUnavailableReason.InspectionExpired,
            VehicleUnavailableReason.InsuranceMissing);
    }

    // Out of service

    [Fact]
    public void A_retired_vehicle_is_unavailable_for_that_reason_alone()
    {
        var vehicle = Given(Scheduled(JobId, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 12))), Retired);

        Check(vehicle, Between(At(2026, 11, 2, 9), At(2026, 11, 2, 10))).Should().Equal(
            VehicleUnavailability.Because(VehicleUnavailableReason.Retired));
    }

    [Fact]
    public void A_disposed_vehicle_is_unavailable_for_that_reason_alone()
    {
        Check(GivenRoadworthy(Retired, Disposed), Between(At(2026, 11, 2, 9), At(2026, 11, 2, 10))).Should().Equal(
            VehicleUnavailability.Because(VehicleUnavailableReason.Disposed));
    }

    [Fact]
    public void A_trip_without_an_end_cannot_be_checked()
    {
        var check = () => Check(GivenRoadworthy(), new Interval(At(2026, 11, 2, 9), null));

        check.Should().Throw<ArgumentException>().WithParameterName("wanted");
    }
}
