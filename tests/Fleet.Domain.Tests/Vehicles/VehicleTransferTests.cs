using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleTransferTests
{
    private static readonly PoolCode CityPool = Pool("420100");

    private static PoolCode Pool(string code) => PoolCode.TryParse(code, out var pool) ? pool : throw new ArgumentException(code);

    [Fact]
    public void A_vehicle_in_service_moves_to_another_pool_with_the_reason_trimmed()
    {
        var vehicle = Given();

        var decision = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, "  Pooled at city level  "), vehicle, Now);

        decision.ShouldAccept(new VehicleTransferred(VehicleId, "420102", "420100", "Pooled at city level", Now));
    }

    [Fact]
    public void The_transferred_vehicle_belongs_to_its_new_pool()
    {
        var vehicle = Given(new VehicleTransferred(VehicleId, "420102", "420100", "Pooled at city level", Now));

        vehicle.HomePool.Should().Be("420100");
    }

    [Fact]
    public void A_transfer_to_the_pool_it_already_belongs_to_is_refused()
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm("420102", "Reorganisation"), Given(), Now);

        decision.ShouldRefuseWith(("toPool", "vehicle.transfer_same_pool"));
        decision.Problems.Single().Args.Should().Equal("420102");
    }

    [Fact]
    public void A_transfer_without_a_pool_is_refused()
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm(null, "Reorganisation"), Given(), Now);

        decision.ShouldRefuseWith(("toPool", "validation.required"));
    }

    [Theory]
    [InlineData("42010")]
    [InlineData("城区车队")]
    [InlineData("420000")]
    public void A_transfer_to_something_that_is_not_a_pool_code_is_refused(string toPool)
    {
        VehicleTransfer.Decide(new TransferVehicleForm(toPool, "Reorganisation"), Given(), Now)
            .ShouldRefuseWith(("toPool", "vehicle.pool_invalid"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_transfer_needs_a_reason(string? reason)
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, reason), Given(), Now);

        decision.ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_reason_of_500_characters_is_accepted_and_501_is_not()
    {
        var vehicle = Given();

        VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, new string('因', 500)), vehicle, Now)
            .ShouldAccept(new VehicleTransferred(VehicleId, "420102", "420100", new string('因', 500), Now));
        var refused = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, new string('因', 501)), vehicle, Now);

        refused.ShouldRefuseWith(("reason", "validation.too_long"));
        refused.Problems.Single().Args.Should().Equal("reason", 500, 501);
    }

    [Fact]
    public void Every_problem_with_the_form_is_reported_at_once()
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm("420102", null), Given(), Now);

        decision.ShouldRefuseWith(("toPool", "vehicle.transfer_same_pool"), ("reason", "validation.required"));
    }

    [Fact]
    public void A_vehicle_in_the_workshop_stays_where_it_is()
    {
        var job = Guid.NewGuid();
        var vehicle = Given(Scheduled(job, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 17))), Started(job, At(2026, 11, 2, 8)));

        var decision = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, "Reorganisation"), vehicle, Now);

        decision.ShouldRefuse("vehicle.under_maintenance", ProblemKind.Conflict);
    }

    [Fact]
    public void A_workshop_booking_holds_a_transfer_back_because_the_receiving_pool_would_not_know_of_it()
    {
        var vehicle = Given(Scheduled(Guid.NewGuid(), Between(At(2026, 11, 9, 8), At(2026, 11, 9, 17))));

        var decision = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, "Reorganisation"), vehicle, Now);

        decision.IsAccepted.Should().BeFalse();
        decision.Problems.Should().ContainSingle().Which.Code.Should().Be("vehicle.maintenance_pending");
    }

    [Fact]
    public void The_receiving_pool_starts_from_the_vehicle_as_it_left()
    {
        var vehicle = Given(Scheduled(Guid.NewGuid(), Between(At(2026, 11, 9, 8), At(2026, 11, 9, 17))));
        var transferred = new VehicleTransferred(vehicle.Id, vehicle.HomePool, "420100", "Reorganisation", Now);

        var received = VehicleTransfer.Receive(vehicle, transferred);

        received.HomePool.Should().Be("420100");
        received.FromPool.Should().Be(vehicle.HomePool);
        received.Plate.Should().Be(vehicle.Plate);
        received.Odometer.Should().Be(vehicle.Odometer);
        Vehicle.From(received).MaintenanceWindows.Should().BeEmpty();
    }

    [Fact]
    public void A_retired_vehicle_is_not_transferred()
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, "Reorganisation"), Given(Retired), Now);

        decision.ShouldRefuse("vehicle.retired", ProblemKind.Conflict);
    }

    [Fact]
    public void A_disposed_vehicle_is_not_transferred_and_its_status_comes_before_the_form()
    {
        var decision = VehicleTransfer.Decide(new TransferVehicleForm("420102", null), Given(Disposed), Now);

        decision.ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }
}
