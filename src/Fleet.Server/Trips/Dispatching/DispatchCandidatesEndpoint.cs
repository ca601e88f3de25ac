using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Server.Scheduling;
using Microsoft.Extensions.Caching.Memory;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// Who could take a trip awaiting dispatch or to be reassigned, best fit first, with every reason the others cannot
/// go. The session is the dispatcher's pool: other pools' trips, cars and drivers are not found.
/// </summary>
/// <summary>Who could take a trip: every car and driver of the pool, the fitting ones first, with the reasons the others cannot go.</summary>
public sealed record GetDispatchCandidates(Guid TripId) : Query<DispatchCandidateList>;

public static class DispatchCandidatesEndpoint
{
    [WolverineGet("/api/trips/{id}/candidates", OperationId = "GetDispatchCandidates"), Tags("Dispatch")]
    [Authorize(Roles = nameof(Role.Dispatcher))]
    public static Task<Results<Ok<DispatchCandidateList>, ProblemHttpResult>> Get(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetDispatchCandidates(id), http);
}

public static class GetDispatchCandidatesHandler
{
    /// <summary>How far back use is counted when balancing work over cars and drivers.</summary>
    private static readonly Duration UseWindow = Duration.FromDays(30);

    public static async Task<Outcome<DispatchCandidateList>> Handle(GetDispatchCandidates asked, IQuerySession session, PoolRoster roster,
        IMemoryCache cache, DispatchSettings settings, DateTimeZone zone, IClock clock, CancellationToken cancellation)
    {
        var id = asked.TripId;
        var trip = await session.LoadAsync<Trip>(id, cancellation);
        if (trip is null) return Outcome<DispatchCandidateList>.Refused(TripStream.NotFound(id));
        if (trip.Status != TripStatus.Approved && !(trip.Status.IsDispatched() && trip.Status != TripStatus.InProgress))
            return Outcome<DispatchCandidateList>.Refused(Problem.Conflict("dispatch.not_dispatchable",
                "This trip is {0}: candidates are listed for trips awaiting dispatch or to be reassigned.", trip.Status));

        var now = clock.GetCurrentInstant();
        var reserved = Reservations.For(trip.Details.Start, trip.Details.End, settings);
        var pool = await roster.ForAsync(session, reserved.Start, cancellation);
        var reservations = await DispatchDesk.ReservationsAsync(session, reserved, null, null, cancellation);
        // Use only breaks ties between equally fitting candidates: a count a minute old ranks them the same.
        var (vehicleUse, driverUse) = await cache.GetOrCreateAsync($"dispatch-use:{session.TenantId}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return DispatchDesk.RecentUseAsync(session, now - UseWindow, cancellation);
        });

        return DispatchCandidates.Rank(trip, pool.Vehicles, pool.Drivers, reservations, vehicleUse, driverUse, settings, zone, now);
    }
}
