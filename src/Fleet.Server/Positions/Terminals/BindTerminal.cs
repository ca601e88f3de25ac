using Fleet.Server.Infrastructure.Database;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Positions.Terminals;

/// <summary>The fleet admin fits a satellite terminal to one of the pool's cars: its positions become the car's.</summary>
public sealed record BindTerminal(Guid VehicleId, BindTerminalForm Form) : Command<Vehicle>;

public static class BindTerminalHandler
{
    public static Task<Outcome<Vehicle>> Handle(BindTerminal command, IDocumentSession session, CityMap cities, IClock clock, CancellationToken cancellation) =>
        TerminalRegistry.DecideAsync(session, cities, command.VehicleId, command.Form.Terminal, command.Form.Imei, command.Form.Model,
            (terminal, holder, v) => TerminalBinding.Bind(terminal, v, holder, command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class BindTerminalEndpoint
{
    [WolverinePost("/api/vehicles/{id}/terminal", OperationId = "BindTerminal"), Tags("Vehicles")]
    [EndpointSummary("Bind a satellite terminal to the vehicle")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, BindTerminalForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new BindTerminal(id, form), http);
}
