using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleTests
{
    [Fact]
    public void A_registered_vehicle_is_in_service_at_zero_with_no_papers_and_no_jobs()
    {
        Vehicle.From(Registered).Should().BeEquivalentTo(new
        {
            Id = VehicleId,
            Plate = "鄂A·C1234",
            Class = VehicleClass.Sedan,
            Seats = 5,
            Category = VehicleCategory.GeneralOfficial,
            EnergyType = EnergyType.Gasoline,
            HomePool = "420102",
            Status = VehicleStatus.InService,
            Odometer = Distance.Zero,
            InspectionValidUntil = (LocalDate?)null,
            InsuranceValidUntil = (LocalDate?)null,
            MaintenanceWindows = Array.Empty<MaintenanceWindow>(),
        });
    }

    [Fact]
    public void A_life_in_the_registry_folds_into_the_state_its_decisions_need()
    {
        var job = Guid.NewGuid();
        var planned = Between(At(2026, 3, 2, 8), At(2026, 3, 2, 17));

        var vehicle = Given(
            new VehicleTransferred(VehicleId, "420102", "420100", "Pooled at city level", Now),
            Read(10_000m),
            Scheduled(job, planned),
            Started(job, At(2026, 3, 2, 8)),
            Completed(job, At(2026, 3, 2, 16), 10_050m),
            new OdometerCorrected(VehicleId, Distance.FromKilometres(10_050m), Distance.FromKilometres(10_005m), "Typo", Now),
            Inspected(new LocalDate(2027, 2, 28)),
            Insured(new LocalDate(2027, 1, 4)),
            Retired);

        vehicle.HomePool.Should().Be("420100");
        vehicle.Odometer.Should().Be(Distance.FromKilometres(10_005m));
        vehicle.InspectionValidUntil.Should().Be(new LocalDate(2027, 2, 28));
        vehicle.InsuranceValidUntil.Should().Be(new LocalDate(2027, 1, 4));
        vehicle.Status.Should().Be(VehicleStatus.Retired);
        vehicle.MaintenanceWindows.Should().Equal(new MaintenanceWindow(job, planned, MaintenanceKind.Routine,
            MaintenanceState.Completed, At(2026, 3, 2, 8), At(2026, 3, 2, 16)));
    }

    [Fact]
    public void Applying_an_event_leaves_the_earlier_state_untouched()
    {
        var before = Given();

        var after = before.When(Scheduled(Guid.NewGuid(), Between(At(2026, 3, 2, 8), At(2026, 3, 2, 17))));

        before.MaintenanceWindows.Should().BeEmpty();
        after.MaintenanceWindows.Should().ContainSingle();
    }
}
