using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleRegistrationTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);
    private static readonly Guid VehicleId = Guid.CreateVersion7();

    private static readonly RegisterVehicleForm ValidForm =
        new("鄂a c1234", "GeneralOfficial", "Sedan", 5, "Gasoline", "420102");

    [Fact]
    public void A_complete_form_registers_the_vehicle_with_the_canonical_plate()
    {
        var (particulars, problems) = VehicleRegistration.Validate(ValidForm);
        problems.Should().BeEmpty();

        var decision = VehicleRegistration.Decide(particulars!, VehicleId, plateAlreadyRegistered: false, Now);

        decision.ShouldAccept(new VehicleRegistered(
            VehicleId, "鄂A·C1234", VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Gasoline, "420102", Now));
    }

    [Fact]
    public void Chinese_terms_of_the_rules_are_accepted_for_code_lists()
    {
        var (particulars, problems) = VehicleRegistration.Validate(
            ValidForm with { Category = "执法执勤用车", Class = "中型客车", Seats = 15, EnergyType = "纯电动" });

        problems.Should().BeEmpty();
        particulars!.Category.Should().Be(VehicleCategory.LawEnforcement);
        particulars.Class.Should().Be(VehicleClass.Minibus);
        particulars.EnergyType.Should().Be(EnergyType.BatteryElectric);
    }

    [Fact]
    public void A_plate_already_in_the_registry_is_a_conflict()
    {
        var (particulars, _) = VehicleRegistration.Validate(ValidForm);

        var decision = VehicleRegistration.Decide(particulars!, VehicleId, plateAlreadyRegistered: true, Now);

        decision.IsAccepted.Should().BeFalse();
        decision.Events.Should().BeEmpty();
        decision.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p =>
            p.Kind == ProblemKind.Conflict && p.Code == "vehicle.plate_taken");
    }

    public static TheoryData<RegisterVehicleForm, string, string> InvalidForms => new()
    {
        { ValidForm with { Plate = null }, "plate", "validation.required" },
        { ValidForm with { Plate = "鄂A·I1234" }, "plate", "vehicle.plate_invalid" },
        { ValidForm with { Category = "" }, "category", "validation.required" },
        { ValidForm with { Category = "Limousine" }, "category", "vehicle.category_invalid" },
        { ValidForm with { Category = "1" }, "category", "vehicle.category_invalid" },
        { ValidForm with { Class = "Sedan,Mpv" }, "class", "vehicle.class_invalid" },
        { ValidForm with { Class = null }, "class", "validation.required" },
        { ValidForm with { Class = "Tank" }, "class", "vehicle.class_invalid" },
        { ValidForm with { Seats = null }, "seats", "validation.required" },
        { ValidForm with { Seats = 0 }, "seats", "vehicle.seats_out_of_range" },
        { ValidForm with { Seats = 12 }, "seats", "vehicle.seats_out_of_range" },
        { ValidForm with { Seats = -5 }, "seats", "vehicle.seats_out_of_range" },
        { ValidForm with { EnergyType = null }, "energyType", "validation.required" },
        { ValidForm with { EnergyType = "Steam" }, "energyType", "vehicle.energy_type_invalid" },
        { ValidForm with { HomePool = null }, "homePool", "validation.required" },
        { ValidForm with { HomePool = "Wuhan" }, "homePool", "vehicle.home_pool_invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public void Each_invalid_field_is_named_with_its_code(RegisterVehicleForm form, string field, string code)
    {
        var (particulars, problems) = VehicleRegistration.Validate(form);

        particulars.Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Match<Problem>(p =>
            p.Kind == ProblemKind.Invalid && p.Field == field && p.Code == code);
    }

    [Fact]
    public void Every_problem_of_an_empty_form_is_reported_at_once()
    {
        var (_, problems) = VehicleRegistration.Validate(new RegisterVehicleForm(null, null, null, null, null, null));

        problems.Select(p => p.Field).Should().BeEquivalentTo("plate", "category", "class", "seats", "energyType", "homePool");
    }

    [Theory]
    [InlineData("Bus", 20, true)]
    [InlineData("Bus", 19, false)]
    [InlineData("Mpv", 9, true)]
    [InlineData("Mpv", 10, false)]
    [InlineData("Minibus", 10, true)]
    [InlineData("Special", 1, true)]
    public void Seats_must_fit_the_class(string @class, int seats, bool valid)
    {
        var (_, problems) = VehicleRegistration.Validate(ValidForm with { Class = @class, Seats = seats });

        problems.Should().HaveCount(valid ? 0 : 1);
    }

    [Fact]
    public void Hostile_input_is_not_echoed_back_at_length()
    {
        var (_, problems) = VehicleRegistration.Validate(ValidForm with { Plate = new string('x', 100_000) });

        problems.Single().FormattedMessage.Length.Should().BeLessThan(400);
    }
}
