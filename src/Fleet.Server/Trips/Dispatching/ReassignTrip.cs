using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// The dispatcher gives a dispatched trip another car, another driver or both, saying why; the one the form leaves out
/// stays as it is. The order keeps its number; a new driver has to accept again.
/// </summary>
public sealed record ReassignTrip(Guid TripId, AssignTripForm Form) : Command<Trip>, IQueuedAtTheDispatchDesk;

public static class ReassignTripHandler
{
    public static async Task<Outcome<Trip>> Handle(ReassignTrip command, IDocumentSession session, IDocumentStore store, DispatchSettings settings,
        DateTimeZone zone, IClock clock, CancellationToken cancellation)
    {
        var read = await DispatchDesk.ReadAsync(session, command.TripId, command.Form, cancellation);
        if (read.Value is not { } asked) return Outcome<Trip>.Refused(read.Problems);

        await DispatchDesk.LockAsync(session, store, command.By.Pool, clock, cancellation);
        var now = clock.GetCurrentInstant();
        return await DispatchDesk.AssignAsync(session, asked, settings,
            (trip, vehicle, driver, others) => TripDispatching.Reassign(trip, vehicle, driver, command.Form, others, command.By.UserId, settings, zone, now),
            cancellation);
    }
}

public static class ReassignTripEndpoint
{
    /// <summary>The car or driver left out of the form stays as it is.</summary>
    [WolverinePost("/api/trips/{id}/reassign", OperationId = "ReassignTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, AssignTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReassignTrip(id, form), http);
}
