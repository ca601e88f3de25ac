using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>The fleet admin fits a satellite terminal to one of the pool's cars: its positions become the car's.</summary>
public sealed record BindTerminal(Guid VehicleId, BindTerminalForm Form) : Command<Vehicle>;

public static class BindTerminalHandler
{
    public static async Task<Outcome<Vehicle>> Handle(BindTerminal command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var (terminal, problems) = TerminalBinding.Validate(command.Form.Terminal, command.Form.Imei, command.Form.Model);
        if (terminal is null) return Outcome<Vehicle>.Refused(problems);

        var holder = await TerminalRegistry.HolderAsync(session, terminal.Number, cancellation);
        return await VehicleStream.DecideAsync(session, command.VehicleId,
            v => TerminalBinding.Bind(terminal, v, holder, command.By.UserId, clock.GetCurrentInstant()), cancellation);
    }
}

public static class BindTerminalEndpoint
{
    [WolverinePost("/api/vehicles/{id}/terminal", OperationId = "BindTerminal"), Tags("Vehicles")]
    [EndpointSummary("Bind a satellite terminal to the vehicle")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, BindTerminalForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new BindTerminal(id, form), http);
}
