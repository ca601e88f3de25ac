using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>The fleet admin takes the terminal off the car; what it sends afterwards is refused.</summary>
public sealed record UnbindTerminal(Guid VehicleId, UnbindTerminalForm Form) : Command<Vehicle>;

public static class UnbindTerminalHandler
{
    public static Task<Outcome<Vehicle>> Handle(UnbindTerminal command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => TerminalBinding.Unbind(command.Form, v, command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class UnbindTerminalEndpoint
{
    [WolverinePost("/api/vehicles/{id}/terminal/unbind", OperationId = "UnbindTerminal"), Tags("Vehicles")]
    [EndpointSummary("Take the satellite terminal off the vehicle")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, UnbindTerminalForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new UnbindTerminal(id, form), http);
}
