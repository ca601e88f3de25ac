using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// The dispatcher takes the car and driver back, saying why: the order is void and the trip waits for dispatch again.
/// Freeing a reservation needs no lock of the register (see <see cref="DispatchDesk"/>).
/// </summary>
public sealed record UndispatchTrip(Guid TripId, UndispatchTripForm Form) : Command<Trip>;

public static class UndispatchTripHandler
{
    public static Task<Outcome<Trip>> Handle(UndispatchTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideAsync(session, command.TripId,
            trip => TripDispatching.Undispatch(trip, command.Form, command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class UndispatchTripEndpoint
{
    [WolverinePost("/api/trips/{id}/undispatch", OperationId = "UndispatchTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, UndispatchTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new UndispatchTrip(id, form), http);
}
