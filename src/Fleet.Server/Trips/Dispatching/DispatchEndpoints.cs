using Fleet.Server.Trips;
using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Scheduling;
using Fleet.Server.Trips.Driving;
using Fleet.Server.Trips.Requesting;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;
using Wolverine;
using Wolverine.Http;

namespace Fleet.Server.Trips.Dispatching;

public sealed record UndispatchTripRequest(string? Reason);

/// <summary>
/// The dispatch centre's side of a trip: who could take it, giving it a car and driver under a numbered order,
/// changing them, and taking them back. The session is the dispatcher's pool: other pools' trips, cars and
/// drivers are not found.
/// </summary>
public static class DispatchEndpoints
{
    /// <summary>How far back use is counted when balancing work over cars and drivers.</summary>
    private static readonly Duration UseWindow = Duration.FromDays(30);

    [WolverineGet("/api/trips/{id}/candidates", OperationId = "GetDispatchCandidates"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    public static async Task<Results<Ok<DispatchCandidateList>, ProblemHttpResult>> Candidates(Guid id, IQuerySession session,
        PoolRoster roster, IMemoryCache cache, DispatchSettings settings, DateTimeZone zone, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var trip = await session.LoadAsync<Trip>(id, cancellation);
        if (trip is null) return FleetProblems.From([TripStream.NotFound(id)], text);
        if (trip.Status != TripStatus.Approved && !(trip.Status.IsDispatched() && trip.Status != TripStatus.InProgress))
            return FleetProblems.From([Problem.Conflict("dispatch.not_dispatchable",
                "This trip is {0}: candidates are listed for trips awaiting dispatch or to be reassigned.", trip.Status)], text);

        var now = clock.GetCurrentInstant();
        var reserved = Reservations.For(trip.Details.Start, trip.Details.End, settings);
        var pool = await roster.ForAsync(session, cancellation);
        var reservations = await DispatchDesk.ReservationsAsync(session, reserved, null, null, cancellation);
        // Use only breaks ties between equally fitting candidates: a count a minute old ranks them the same.
        var (vehicleUse, driverUse) = await cache.GetOrCreateAsync($"dispatch-use:{session.TenantId}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return DispatchDesk.RecentUseAsync(session, now - UseWindow, cancellation);
        });

        return TypedResults.Ok(DispatchCandidates.Rank(trip, pool.Vehicles, pool.Drivers, reservations, vehicleUse, driverUse, settings, zone, now));
    }

    [WolverinePost("/api/trips/{id}/dispatch", OperationId = "DispatchTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Dispatch(Guid id, AssignTripForm form, ClaimsPrincipal user,
        IDocumentSession session, IDocumentStore store, IMessageBus bus, DispatchSettings settings, TripTimings timings, DateTimeZone zone,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (form.VehicleId is null) return FleetProblems.From([Problem.Required("vehicleId")], text);

        var actor = Actor.Of(user);
        var register = await DispatchDesk.LockAsync(session, store, actor.Pool, clock, cancellation);
        var now = clock.GetCurrentInstant();
        var number = register.Aggregate!.Next(now, zone);
        return await AssignAsync(id, form, session, settings, text,
            (trip, vehicle, driver, others) => TripDispatching.Dispatch(trip, vehicle, driver, form, others, number, actor.UserId, settings, zone, now),
            async trip =>
            {
                register.AppendOne(new DispatchOrderIssued(number, id, now));
                await bus.ScheduleAsync(new CheckTripStart(id, actor.Pool), (trip.Details.Start + timings.StartGrace).ToDateTimeOffset());
            },
            cancellation);
    }

    /// <summary>The car or driver left out of the form stays as it is.</summary>
    [WolverinePost("/api/trips/{id}/reassign", OperationId = "ReassignTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Reassign(Guid id, AssignTripForm form, ClaimsPrincipal user,
        IDocumentSession session, IDocumentStore store, DispatchSettings settings, DateTimeZone zone, IClock clock, ProblemText text,
        CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        await DispatchDesk.LockAsync(session, store, actor.Pool, clock, cancellation);
        var now = clock.GetCurrentInstant();
        return await AssignAsync(id, form, session, settings, text,
            (trip, vehicle, driver, others) => TripDispatching.Reassign(trip, vehicle, driver, form, others, actor.UserId, settings, zone, now),
            _ => Task.CompletedTask, cancellation);
    }

    [WolverinePost("/api/trips/{id}/undispatch", OperationId = "UndispatchTrip"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Undispatch(Guid id, UndispatchTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return StreamDecisions.DecideAsync<Trip>(session, id, TripStream.NotFound(id),
            trip => TripDispatching.Undispatch(trip, request.Reason, actor.UserId, clock.GetCurrentInstant()),
            (trip, e) => trip.Evolve(e), text, cancellation);
    }

    /// <summary>
    /// Dispatch and reassignment alike, once the caller holds the register's lock: the trip, the car and driver (the
    /// ones it already has where the form leaves them out), the reservations in their way, the decision.
    /// </summary>
    private static async Task<Results<Ok<Trip>, ProblemHttpResult>> AssignAsync(Guid id, AssignTripForm form, IDocumentSession session,
        DispatchSettings settings, ProblemText text, Func<Trip, Vehicle, Driver?, IReadOnlyList<Reservation>, Decision> decide,
        Func<Trip, Task> accepted, CancellationToken cancellation)
    {
        var trip = await session.Events.FetchForWriting<Trip>(id, cancellation);
        if (trip.Aggregate is not { } state) return FleetProblems.From([TripStream.NotFound(id)], text);

        var current = state.Assignment;
        var vehicleId = form.VehicleId ?? current?.VehicleId;
        if (vehicleId is null) return FleetProblems.From([Problem.Required("vehicleId")], text);
        var (vehicle, driver, missing) = await CarAndDriverAsync(session, vehicleId.Value, form.DriverId ?? current?.DriverId, cancellation);
        if (missing is not null) return FleetProblems.From([missing], text);

        var others = await DispatchDesk.ReservationsAsync(session, Reservations.For(state.Details.Start, state.Details.End, settings),
            vehicle!.Id, driver?.Id, cancellation);
        var decision = decide(state, vehicle, driver, others);
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        trip.AppendMany(decision.Events);
        await accepted(state);
        return TypedResults.Ok(decision.Events.Aggregate(state, (t, e) => t.Evolve(e)));
    }

    private static async Task<(Vehicle? Vehicle, Driver? Driver, Problem? Missing)> CarAndDriverAsync(IQuerySession session, Guid vehicleId,
        Guid? driverId, CancellationToken cancellation)
    {
        var vehicle = await session.LoadAsync<Vehicle>(vehicleId, cancellation);
        if (vehicle is null) return (null, null, Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", vehicleId));
        if (driverId is not { } id) return (vehicle, null, null);

        var driver = await session.LoadAsync<Driver>(id, cancellation);
        return driver is null
            ? (vehicle, null, Problem.NotFound("driver.not_found", "There is no driver {0}.", id))
            : (vehicle, driver, null);
    }
}
