using Fleet.Server.Trips;
using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Trips.Requesting;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine;
using Wolverine.Http;

namespace Fleet.Server.Trips.Driving;

public sealed record DeclineTripRequest(string? Reason);

public sealed record StartTripRequest(decimal? OdometerKm);

/// <summary>
/// The driver's day: the trips assigned to them, taking or turning one down, leaving and coming back. A car the
/// unit drives itself has no driver; the dispatcher hands over and takes back its keys.
/// </summary>
public static class DrivingEndpoints
{
    private static readonly TripStatus[] Assigned = [TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    /// <summary>What the signed-in driver has to drive, soonest first: dispatched, accepted and under way.</summary>
    [WolverineGet("/api/my/assignments", OperationId = "ListMyAssignments"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static async Task<Ok<IReadOnlyList<Trip>>> Assignments(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var driverId = await DriverIdAsync(session, Actor.Of(user), cancellation);
        if (driverId is not { } me) return TypedResults.Ok<IReadOnlyList<Trip>>([]);

        var trips = await session.Query<Trip>()
            .Where(t => t.Assignment != null && t.Assignment.DriverId == me && t.Status.In(Assigned))
            .OrderBy(t => t.Details.Start)
            .Take(200)
            .ToListAsync(cancellation);
        return TypedResults.Ok(trips);
    }

    [WolverinePost("/api/trips/{id}/accept", OperationId = "AcceptTrip"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, IDocumentSession session, IClock clock,
        ProblemText text, CancellationToken cancellation)
    {
        var driverId = await DriverIdAsync(session, Actor.Of(user), cancellation);
        return await DecideAsync(session, id, text, trip => TripDriving.Accept(trip, driverId ?? Guid.Empty, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/trips/{id}/decline", OperationId = "DeclineTrip"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Decline(Guid id, DeclineTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var driverId = await DriverIdAsync(session, Actor.Of(user), cancellation);
        return await DecideAsync(session, id, text,
            trip => TripDriving.Decline(trip, driverId ?? Guid.Empty, request.Reason, clock.GetCurrentInstant()), cancellation);
    }

    /// <summary>
    /// The departure reading also becomes the vehicle's latest, so the next trip starts from it; a reading above the
    /// vehicle's last is accepted and the gap recorded on the trip.
    /// </summary>
    [WolverinePost("/api/trips/{id}/start", OperationId = "StartTrip"), Tags("Driving")]
    [Authorize(Roles = $"{nameof(Role.Driver)},{nameof(Role.Dispatcher)}")]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Start(Guid id, StartTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TripTimings timings, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (request.OdometerKm is not { } km) return FleetProblems.From([Problem.Required("odometerKm")], text);
        if (VehicleOdometer.OutOfRange(km, "odometerKm") is { } outOfRange) return FleetProblems.From([outOfRange], text);

        var actor = await DrivingActorAsync(session, Actor.Of(user), cancellation);
        var trip = await session.Events.FetchForWriting<Trip>(id, cancellation);
        if (trip.Aggregate is not { } state) return FleetProblems.From([TripStream.NotFound(id)], text);
        var vehicle = state.Assignment is { } assignment ? await session.Events.FetchForWriting<Vehicle>(assignment.VehicleId, cancellation) : null;

        var now = clock.GetCurrentInstant();
        var reading = Distance.FromKilometres(km);
        var decision = TripDriving.Start(state, actor, reading, vehicle?.Aggregate?.Odometer ?? Distance.Zero, now);
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        trip.AppendMany(decision.Events);
        if (reading > vehicle!.Aggregate!.Odometer) vehicle.AppendOne(new OdometerRead(vehicle.Id, reading, OdometerSource.Trip, now));
        await bus.ScheduleAsync(new CheckTripReturn(id, Actor.Of(user).Pool), (state.Details.End + timings.ReturnGrace).ToDateTimeOffset());
        return TypedResults.Ok(decision.Events.Aggregate(state, (t, e) => t.Evolve(e)));
    }

    /// <summary>A return reading above the vehicle's latest becomes its latest; a lower one stays on the trip for the audit.</summary>
    [WolverinePost("/api/trips/{id}/finish", OperationId = "FinishTrip"), Tags("Driving")]
    [Authorize(Roles = $"{nameof(Role.Driver)},{nameof(Role.Dispatcher)}")]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Finish(Guid id, FinishTripForm form, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TripTimings timings, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = await DrivingActorAsync(session, Actor.Of(user), cancellation);
        var trip = await session.Events.FetchForWriting<Trip>(id, cancellation);
        if (trip.Aggregate is not { } state) return FleetProblems.From([TripStream.NotFound(id)], text);

        var now = clock.GetCurrentInstant();
        var decision = TripDriving.Finish(state, actor, form, now);
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        trip.AppendMany(decision.Events);
        var finished = decision.Events.OfType<TripFinished>().Single();
        var vehicle = await session.Events.FetchForWriting<Vehicle>(finished.VehicleId, cancellation);
        if (vehicle.Aggregate is { } car && finished.OdometerIn > car.Odometer)
            vehicle.AppendOne(new OdometerRead(car.Id, finished.OdometerIn, OdometerSource.Trip, now));
        await bus.ScheduleAsync(new CloseTripIfUnconfirmed(id, Actor.Of(user).Pool), (finished.ReturnedAt + timings.AutoCloseAfter).ToDateTimeOffset());
        return TypedResults.Ok(decision.Events.Aggregate(state, (t, e) => t.Evolve(e)));
    }

    /// <summary>The driver record the account is linked to; none for an account that drives nothing.</summary>
    /// <summary>The driver record the signed-in driver's account is linked to, if any.</summary>
    internal static async Task<Guid?> DriverIdAsync(IQuerySession session, Actor actor, CancellationToken cancellation)
    {
        if (!actor.Has(Role.Driver)) return null;
        var me = actor.UserId;
        var driver = await session.Query<Driver>().Where(d => d.UserId == me).Select(d => d.Id).ToListAsync(cancellation);
        return driver.Count == 0 ? null : driver[0];
    }

    private static async Task<DrivingActor> DrivingActorAsync(IQuerySession session, Actor actor, CancellationToken cancellation) =>
        new(actor.UserId, await DriverIdAsync(session, actor, cancellation), actor.Has(Role.Dispatcher));

    /// <summary>The session is the driver's pool: a trip of another pool is not found.</summary>
    private static Task<Results<Ok<Trip>, ProblemHttpResult>> DecideAsync(IDocumentSession session, Guid id, ProblemText text,
        Func<Trip, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, TripStream.NotFound(id), decide, (trip, e) => trip.Evolve(e), text, cancellation);
}
