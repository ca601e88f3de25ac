using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Driving;

/// <summary>
/// The car is back, with its return reading and what the trip cost. A return reading above the vehicle's latest
/// becomes its latest; a lower one stays on the trip for the audit. The requester then has a while to confirm or
/// dispute the record before it closes by itself.
/// </summary>
public sealed record FinishTrip(Guid TripId, FinishTripForm Form) : Command<Trip>;

public static class FinishTripHandler
{
    public static async Task<Outcome<Trip>> Handle(FinishTrip command, IDocumentSession session, IMessageContext messages, TripTimings timings,
        IClock clock, CancellationToken cancellation)
    {
        var actor = await SignedInDriver.DrivingActorAsync(session, command.By, cancellation);
        var trip = await session.Events.FetchForWriting<Trip>(command.TripId, cancellation);
        if (trip.Aggregate is not { } state) return Outcome<Trip>.Refused(TripStream.NotFound(command.TripId));

        var now = clock.GetCurrentInstant();
        var decision = TripDriving.Finish(state, actor, command.Form, now);
        if (!decision.IsAccepted) return Outcome<Trip>.Refused(decision.Problems);

        trip.AppendMany(decision.Events);
        var finished = decision.Events.OfType<TripFinished>().Single();
        var vehicle = await session.Events.FetchForWriting<Vehicle>(finished.VehicleId, cancellation);
        if (vehicle.Aggregate is { } car && finished.OdometerIn > car.Odometer)
            vehicle.AppendOne(new OdometerRead(car.Id, finished.OdometerIn, OdometerSource.Trip, now));
        await messages.ScheduleAsync(new CloseTripIfUnconfirmed(command.TripId, command.By.Pool),
            (finished.ReturnedAt + timings.AutoCloseAfter).ToDateTimeOffset());
        return decision.Events.Aggregate(state, (t, e) => t.Evolve(e));
    }
}

public static class FinishTripEndpoint
{
    [WolverinePost("/api/trips/{id}/finish", OperationId = "FinishTrip"), Tags("Driving")]
    [Authorize(Roles = $"{nameof(Role.Driver)},{nameof(Role.Dispatcher)}")]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, FinishTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new FinishTrip(id, form), http);
}
