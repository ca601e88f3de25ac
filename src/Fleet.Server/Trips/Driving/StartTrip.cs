using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Driving;

/// <summary>
/// The car leaves, with the odometer's reading at departure. The reading also becomes the vehicle's latest, so the
/// next trip starts from it; a reading above the vehicle's last is accepted and the gap recorded on the trip. The
/// pool checks at the planned end, plus its grace, that the car is back.
/// </summary>
public sealed record StartTrip(Guid TripId, StartTripForm Form) : Command<Trip>;

public static class StartTripHandler
{
    public static async Task<Outcome<Trip>> Handle(StartTrip command, IDocumentSession session, IMessageContext messages, TripTimings timings,
        IClock clock, CancellationToken cancellation)
    {
        var actor = await SignedInDriver.DrivingActorAsync(session, command.By, cancellation);
        var trip = await session.Events.FetchForWriting<Trip>(command.TripId, cancellation);
        if (trip.Aggregate is not { } state) return Outcome<Trip>.Refused(TripStream.NotFound(command.TripId));
        var vehicle = state.Assignment is { } assignment ? await session.Events.FetchForWriting<Vehicle>(assignment.VehicleId, cancellation) : null;

        var now = clock.GetCurrentInstant();
        var decision = TripDriving.Start(state, actor, command.Form, vehicle?.Aggregate?.Odometer ?? Distance.Zero, now);
        if (!decision.IsAccepted) return Outcome<Trip>.Refused(decision.Problems);

        trip.AppendMany(decision.Events);
        var reading = decision.Events.OfType<TripStarted>().Single().OdometerOut;
        if (reading > vehicle!.Aggregate!.Odometer) vehicle.AppendOne(new OdometerRead(vehicle.Id, reading, OdometerSource.Trip, now));
        await messages.ScheduleAsync(new CheckTripReturn(command.TripId, command.By.Pool), (state.Details.End + timings.ReturnGrace).ToDateTimeOffset());
        return decision.Events.Aggregate(state, (t, e) => t.Evolve(e));
    }
}

public static class StartTripEndpoint
{
    [WolverinePost("/api/trips/{id}/start", OperationId = "StartTrip"), Tags("Driving")]
    [Authorize(Roles = $"{nameof(Role.Driver)},{nameof(Role.Dispatcher)}")]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, StartTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new StartTrip(id, form), http);
}
