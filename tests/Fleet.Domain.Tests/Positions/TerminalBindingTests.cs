using Fleet.Domain.Common;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Positions;

public class TerminalBindingTests
{
    private static readonly Guid Admin = Guid.Parse("01900000-0000-7000-8000-0000000000ad");
    private static readonly TerminalParticulars Terminal = new("013912345678", "861234567890123", "R-Watch C6D");
    private static readonly TerminalBound Bound = new(VehicleId, "013912345678", null, null, Admin, RegisteredAt);

    private static TerminalParticulars Valid(string? number, string? imei = null, string? model = null)
    {
        var (particulars, problems) = TerminalBinding.Validate(number, imei, model);
        problems.Should().BeEmpty();
        return particulars!;
    }

    // The number

    [Theory]
    [InlineData("13912345678", "013912345678")]
    [InlineData("013912345678", "013912345678")]
    [InlineData("139 1234 5678", "013912345678")]
    [InlineData("139-1234-5678", "013912345678")]
    [InlineData("１３９１２３４５６７８", "013912345678")]
    [InlineData("00000000013912345678", "013912345678")]
    public void A_terminal_number_is_kept_in_the_protocols_twelve_digits(string typed, string kept) =>
        TerminalNumber.Normalize(typed).Should().Be(kept);

    [Theory]
    [InlineData("1391234567")]
    [InlineData("1391234567890")]
    [InlineData("10000000013912345678")]
    [InlineData("139123456 7a")]
    [InlineData("")]
    public void What_is_no_terminal_number_is_refused(string typed)
    {
        TerminalNumber.Normalize(typed).Should().BeNull();
        TerminalBinding.Validate(typed, null, null).Problems.Should().ContainSingle()
            .Which.Code.Should().Be(typed.Length == 0 ? "validation.required" : "terminal.number_invalid");
    }

    [Fact]
    public void The_imei_has_fifteen_digits_and_the_model_is_one_short_line()
    {
        var (_, problems) = TerminalBinding.Validate("13912345678", "86123456789012", new string('m', 51));
        problems.Select(p => (p.Field, p.Code)).Should().BeEquivalentTo([("imei", "terminal.imei_invalid"), ("model", "validation.too_long")]);
        Valid("13912345678", " 861234567890123 ", "  C6D ").Should().Be(new TerminalParticulars("013912345678", "861234567890123", "C6D"));
    }

    // Binding

    [Fact]
    public void A_free_terminal_is_bound_to_a_car_in_service()
    {
        var decision = TerminalBinding.Bind(Terminal, Given(), holder: null, Admin, Now);

        decision.ShouldAccept(new TerminalBound(VehicleId, "013912345678", "861234567890123", "R-Watch C6D", Admin, Now));
        Given(decision.Events.ToArray()).Terminal.Should().Be(new BoundTerminal("013912345678", "861234567890123", "R-Watch C6D", Now));
    }

    [Fact]
    public void A_car_in_the_workshop_gets_its_terminal_there()
    {
        var job = Guid.NewGuid();
        var inWorkshop = Given(Scheduled(job, Between(At(2026, 11, 2, 8), At(2026, 11, 2, 17))), Started(job, At(2026, 11, 2, 8)));

        TerminalBinding.Bind(Terminal, inWorkshop, null, Admin, Now).ShouldAcceptOne<TerminalBound>();
    }

    [Fact]
    public void A_terminal_on_another_car_is_not_bound_twice()
    {
        var problem = TerminalBinding.Bind(Terminal, Given(), new TerminalHolder(Guid.NewGuid(), "鄂A·C9999"), Admin, Now)
            .ShouldRefuse("terminal.already_bound", ProblemKind.Conflict);
        problem.FormattedMessage.Should().Contain("鄂A·C9999");
    }

    [Fact]
    public void A_terminal_on_a_car_of_another_city_is_not_bound_twice_and_that_car_is_named_by_its_city_only()
    {
        var holder = new TerminalHolder(Guid.NewGuid(), "", City: "襄阳市");

        var problem = TerminalBinding.Bind(Terminal, Given(), holder, Admin, Now).ShouldRefuse("terminal.bound_in_another_city", ProblemKind.Conflict);
        problem.FormattedMessage.Should().Contain("襄阳市");
        TerminalBinding.Replace(Valid("13800000000"), "旧终端损坏", Given(Bound), holder, Admin, Now).ShouldRefuse("terminal.bound_in_another_city", ProblemKind.Conflict);
    }

    [Fact]
    public void A_car_carries_one_terminal_at_a_time()
    {
        TerminalBinding.Bind(Valid("13800000000"), Given(Bound), null, Admin, Now).ShouldRefuse("terminal.vehicle_has_one", ProblemKind.Conflict);
        TerminalBinding.Bind(Valid("13912345678"), Given(Bound), new TerminalHolder(VehicleId, "鄂A·C1234"), Admin, Now)
            .ShouldRefuse("terminal.already_bound", ProblemKind.Conflict);
    }

    [Fact]
    public void A_retired_or_disposed_car_gets_no_terminal()
    {
        TerminalBinding.Bind(Terminal, Given(Retired), null, Admin, Now).ShouldRefuse("terminal.vehicle_retired", ProblemKind.Conflict);
        TerminalBinding.Bind(Terminal, Given(Disposed), null, Admin, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    // Unbinding

    [Fact]
    public void The_bound_terminal_is_unbound_with_a_reason()
    {
        var decision = TerminalBinding.Unbind(new UnbindTerminalForm(" 终端拆除 "), Given(Bound), Admin, Now);

        decision.ShouldAccept(new TerminalUnbound(VehicleId, "013912345678", "终端拆除", Admin, Now));
        Given(Bound, decision.Events[0]).Terminal.Should().BeNull();
    }

    [Fact]
    public void Only_a_bound_terminal_is_unbound_and_only_with_a_reason()
    {
        TerminalBinding.Unbind(new UnbindTerminalForm("拆除"), Given(), Admin, Now).ShouldRefuse("terminal.not_bound", ProblemKind.Conflict);
        TerminalBinding.Unbind(new UnbindTerminalForm(" "), Given(Bound), Admin, Now).ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_disposed_car_still_gives_its_terminal_back() =>
        TerminalBinding.Unbind(new UnbindTerminalForm("车辆报废"), Given(Bound, Disposed), Admin, Now).ShouldAcceptOne<TerminalUnbound>();

    // Replacing

    [Fact]
    public void A_terminal_is_replaced_by_another_in_one_step()
    {
        var decision = TerminalBinding.Replace(Valid("13800000000", model: "C7"), "终端损坏", Given(Bound), null, Admin, Now);

        decision.ShouldAccept(new TerminalReplaced(VehicleId, "013912345678", "013800000000", null, "C7", "终端损坏", Admin, Now));
        Given(Bound, decision.Events[0]).Terminal!.Number.Should().Be("013800000000");
    }

    [Fact]
    public void Only_a_bound_terminal_is_replaced_and_by_another_free_one()
    {
        TerminalBinding.Replace(Terminal, "换装", Given(), null, Admin, Now).ShouldRefuse("terminal.not_bound", ProblemKind.Conflict);
        TerminalBinding.Replace(Valid("13912345678"), "换装", Given(Bound), null, Admin, Now).ShouldRefuseWith(("terminal", "terminal.same_terminal"));
        TerminalBinding.Replace(Valid("13800000000"), null, Given(Bound), null, Admin, Now).ShouldRefuseWith(("reason", "validation.required"));
        TerminalBinding.Replace(Valid("13800000000"), "换装", Given(Bound), new TerminalHolder(Guid.NewGuid(), "鄂A·C9999"), Admin, Now)
            .ShouldRefuse("terminal.already_bound", ProblemKind.Conflict);
        TerminalBinding.Replace(Valid("13800000000"), "换装", Given(Bound, Retired), null, Admin, Now)
            .ShouldRefuse("terminal.vehicle_retired", ProblemKind.Conflict);
    }

    // Leaving the pool

    [Fact]
    public void A_car_with_a_terminal_is_neither_transferred_nor_disposed_of_until_it_is_unbound()
    {
        VehicleTransfer.Decide(new TransferVehicleForm("420103", "区间调剂"), Given(Bound), Now).ShouldRefuse("vehicle.terminal_bound", ProblemKind.Conflict);
        VehicleRetirement.Decide(new DisposeOfVehicleForm("Scrapped", null), Given(Bound), Now).ShouldRefuse("vehicle.terminal_bound", ProblemKind.Conflict);
        var unbound = new TerminalUnbound(VehicleId, "013912345678", "拆除", Admin, Now);
        VehicleTransfer.Decide(new TransferVehicleForm("420103", "区间调剂"), Given(Bound, unbound), Now).ShouldAcceptOne<VehicleTransferred>();
    }
}
