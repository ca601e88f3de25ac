using Fleet.Server.Infrastructure.Database;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>The fleet admin swaps the car's terminal for another in one step, as when a broken box is exchanged.</summary>
public sealed record ReplaceTerminal(Guid VehicleId, ReplaceTerminalForm Form) : Command<Vehicle>;

public static class ReplaceTerminalHandler
{
    public static Task<Outcome<Vehicle>> Handle(ReplaceTerminal command, IDocumentSession session, CityMap cities, IClock clock, CancellationToken cancellation) =>
        TerminalRegistry.DecideAsync(session, cities, command.VehicleId, command.Form.Terminal, command.Form.Imei, command.Form.Model,
            (terminal, holder, v) => TerminalBinding.Replace(terminal, command.Form.Reason, v, holder, command.By.UserId, clock.GetCurrentInstant()),
            cancellation);
}

public static class ReplaceTerminalEndpoint
{
    [WolverinePost("/api/vehicles/{id}/terminal/replace", OperationId = "ReplaceTerminal"), Tags("Vehicles")]
    [EndpointSummary("Replace the vehicle's satellite terminal with another")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, ReplaceTerminalForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReplaceTerminal(id, form), http);
}
