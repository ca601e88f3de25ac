using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>The fleet admin swaps the car's terminal for another in one step, as when a broken box is exchanged.</summary>
public sealed record ReplaceTerminal(Guid VehicleId, ReplaceTerminalForm Form) : Command<Vehicle>;

public static class ReplaceTerminalHandler
{
    public static async Task<Outcome<Vehicle>> Handle(ReplaceTerminal command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var (terminal, problems) = TerminalBinding.Validate(command.Form.Terminal, command.Form.Imei, command.Form.Model);
        if (terminal is null) return Outcome<Vehicle>.Refused(problems);

        var holder = await TerminalRegistry.HolderAsync(session, terminal.Number, cancellation);
        return await VehicleStream.DecideAsync(session, command.VehicleId,
            v => TerminalBinding.Replace(terminal, command.Form.Reason, v, holder, command.By.UserId, clock.GetCurrentInstant()), cancellation);
    }
}

public static class ReplaceTerminalEndpoint
{
    [WolverinePost("/api/vehicles/{id}/terminal/replace", OperationId = "ReplaceTerminal"), Tags("Vehicles")]
    [EndpointSummary("Replace the vehicle's satellite terminal with another")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, ReplaceTerminalForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReplaceTerminal(id, form), http);
}
