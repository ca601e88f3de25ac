using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleRetirementTests
{
    // Retiring

    [Fact]
    public void A_vehicle_in_service_is_retired_with_its_reason()
    {
        var decision = VehicleRetirement.Decide(new RetireVehicleForm(" Over 15 years old "), Given(), Now);

        decision.ShouldAccept(new VehicleRetired(VehicleId, "Over 15 years old", Now));
        Given().When((VehicleRetired)decision.Events[0]).Status.Should().Be(VehicleStatus.Retired);
    }

    [Fact]
    public void A_vehicle_in_the_workshop_can_be_retired()
    {
        var job = Guid.NewGuid();
        var vehicle = Given(Scheduled(job, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 17))), Started(job, At(2026, 11, 2, 8)));

        VehicleRetirement.Decide(new RetireVehicleForm("Beyond economic repair"), vehicle, Now)
            .ShouldAccept(new VehicleRetired(VehicleId, "Beyond economic repair", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_retirement_needs_a_reason(string? reason)
    {
        VehicleRetirement.Decide(new RetireVehicleForm(reason), Given(), Now)
            .ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_retirement_reason_is_at_most_500_characters()
    {
        VehicleRetirement.Decide(new RetireVehicleForm(new string('x', 501)), Given(), Now)
            .ShouldRefuseWith(("reason", "validation.too_long"));
    }

    [Fact]
    public void A_vehicle_is_retired_only_once()
    {
        VehicleRetirement.Decide(new RetireVehicleForm("Again"), Given(Retired), Now)
            .ShouldRefuse("vehicle.already_retired", ProblemKind.Conflict);
    }

    [Fact]
    public void A_disposed_vehicle_is_not_retired()
    {
        VehicleRetirement.Decide(new RetireVehicleForm("Too late"), Given(Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    // Disposing

    [Theory]
    [InlineData(DisposalMethod.Auction)]
    [InlineData(DisposalMethod.Scrapped)]
    [InlineData(DisposalMethod.Reallocated)]
    [InlineData(DisposalMethod.Transferred)]
    [InlineData(DisposalMethod.Other)]
    public void A_retired_vehicle_is_disposed_of(DisposalMethod method)
    {
        var vehicle = Given(Retired);

        var decision = VehicleRetirement.Decide(new DisposeOfVehicleForm(method.ToString(), " 鄂机管〔2026〕12号 "), vehicle, Now);

        decision.ShouldAccept(new VehicleDisposed(VehicleId, method, "鄂机管〔2026〕12号", Now));
        vehicle.When((VehicleDisposed)decision.Events[0]).Status.Should().Be(VehicleStatus.Disposed);
    }

    [Fact]
    public void A_vehicle_written_off_in_service_is_scrapped_without_retiring_it_first()
    {
        VehicleRetirement.Decide(new DisposeOfVehicleForm(nameof(DisposalMethod.Scrapped), null), Given(), Now)
            .ShouldAccept(new VehicleDisposed(VehicleId, DisposalMethod.Scrapped, null, Now));
    }

    [Fact]
    public void A_document_number_is_at_most_100_characters()
    {
        VehicleRetirement.Decide(new DisposeOfVehicleForm(nameof(DisposalMethod.Auction), new string('号', 101)), Given(Retired), Now)
            .ShouldRefuseWith(("documentNumber", "validation.too_long"));
    }

    [Fact]
    public void Disposal_is_final()
    {
        VehicleRetirement.Decide(new DisposeOfVehicleForm(nameof(DisposalMethod.Auction), null), Given(Retired, Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData(" ", "validation.required")]
    [InlineData("Sold", "vehicle.disposal_method_invalid")]
    [InlineData("1", "vehicle.disposal_method_invalid")]
    public void A_disposal_says_how_the_vehicle_left_the_fleet(string? method, string code)
    {
        VehicleRetirement.Decide(new DisposeOfVehicleForm(method, null), Given(Retired), Now)
            .ShouldRefuseWith(("method", code));
    }

    public static TheoryData<string, Func<Vehicle, Decision>> EverythingButAReading => new()
    {
        { "transfer", v => VehicleTransfer.Decide(new TransferVehicleForm("420100", "Reorganisation"), v, Now) },
        { "schedule", v => VehicleMaintenance.Decide(new ScheduleMaintenanceForm(At(2026, 12, 1, 8), At(2026, 12, 1, 17), nameof(MaintenanceKind.Routine), null), Guid.NewGuid(), v, Now) },
        { "inspection", v => VehicleDocuments.Decide(new RecordAnnualInspectionForm(new LocalDate(2026, 10, 1), new LocalDate(2027, 10, 31), null), v, Now, Shanghai) },
        { "insurance", v => VehicleDocuments.Decide(new RecordInsuranceForm("中国人民财产保险", "PDAA1", new LocalDate(2026, 11, 1), new LocalDate(2027, 10, 31)), v, Now) },
        { "correction", v => VehicleOdometer.Decide(new CorrectOdometerForm(1m, "Typo"), v, Now) },
        { "retirement", v => VehicleRetirement.Decide(new RetireVehicleForm("Old"), v, Now) },
        { "disposal", v => VehicleRetirement.Decide(new DisposeOfVehicleForm(nameof(DisposalMethod.Scrapped), null), v, Now) },
    };

    [Theory]
    [MemberData(nameof(EverythingButAReading))]
    public void Nothing_but_a_reading_happens_to_a_disposed_vehicle(string _, Func<Vehicle, Decision> decide)
    {
        decide(Given(Disposed)).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    [Fact]
    public void Chinese_terms_of_the_rules_are_accepted_for_disposal_methods_and_maintenance_kinds()
    {
        CodeList.TryParse("调剂", VehicleLifeTerms.DisposalMethods, out DisposalMethod method).Should().BeTrue();
        method.Should().Be(DisposalMethod.Reallocated);
        CodeList.TryParse("事故维修", VehicleLifeTerms.MaintenanceKinds, out MaintenanceKind kind).Should().BeTrue();
        kind.Should().Be(MaintenanceKind.Accident);
        VehicleLifeTerms.DisposalMethods.Keys.Should().BeEquivalentTo(Enum.GetValues<DisposalMethod>());
        VehicleLifeTerms.MaintenanceKinds.Keys.Should().BeEquivalentTo(Enum.GetValues<MaintenanceKind>());
    }
}
