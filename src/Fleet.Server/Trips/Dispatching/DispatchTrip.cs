using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Driving;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// The dispatcher gives an approved trip a car and, unless the unit drives itself, a driver, under the next number of
/// the pool's dispatch orders; the pool checks at the planned start, plus its grace, that the car has left.
/// </summary>
public sealed record DispatchTrip(Guid TripId, AssignTripForm Form) : Command<Trip>, IQueuedAtTheDispatchDesk;

public static class DispatchTripHandler
{
    public static async Task<Outcome<Trip>> Handle(DispatchTrip command, IDocumentSession session, IDocumentStore store, IMessageContext messages,
        DispatchSettings settings, TripTimings timings, DateTimeZone zone, IClock clock, CancellationToken cancellation)
    {
        if (command.Form.VehicleId is null) return Outcome<Trip>.Refused(Problem.Required("vehicleId"));

        var pool = command.By.Pool;
        var read = await DispatchDesk.ReadAsync(session, command.TripId, command.Form, cancellation);
        if (read.Value is not { } asked) return Outcome<Trip>.Refused(read.Problems);

        var register = await DispatchDesk.LockAsync(session, store, pool, clock, cancellation);
        var now = clock.GetCurrentInstant();
        var number = register.Aggregate!.Next(now, zone);
        var outcome = await DispatchDesk.AssignAsync(session, asked, settings,
            (trip, vehicle, driver, others) =>
                TripDispatching.Dispatch(trip, vehicle, driver, command.Form, others, number, command.By.UserId, settings, zone, now),
            cancellation);
        if (outcome.Value is not { } dispatched) return outcome;

        register.AppendOne(new DispatchOrderIssued(number, command.TripId, now));
        await messages.ScheduleAsync(new CheckTripStart(command.TripId, pool), (dispatched.Details.Start + timings.StartGrace).ToDateTimeOffset());
        return outcome;
    }
}

public static class DispatchTripEndpoint
{
    [WolverinePost("/api/trips/{id}/dispatch", OperationId = "DispatchTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, AssignTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DispatchTrip(id, form), http);
}
