using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Tracks;
using Fleet.Domain.Trips;
using Fleet.Projections.Terminals;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Positions.Store;
using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Where the pool's cars are now: each car carrying a terminal, its trip if it is on one, and its newest fix with how old
/// it is. The pool's dispatchers see the cars on trips; where a car is between trips is shown to supervisors only
/// (<see cref="TrackLooks.SeesOutsideTrips"/>), the others' places are left out. One place per car, not a track: the
/// page asks again every few seconds, so it is not recorded as a look.
/// </summary>
public sealed record GetLiveMap(string Pool) : Query<LiveMap>;

public sealed record LiveMap(string Pool, Instant At, IReadOnlyList<LiveCar> Cars);

/// <param name="Position">The newest fix of the last day; null when the car sent none, or when it is on no trip and the asker sees cars on trips only.</param>
/// <param name="Hidden">On no trip, and its place is not the asker's to see.</param>
public sealed record LiveCar(Guid VehicleId, string Plate, Guid? TripId, string? Destination, TrackPoint? Position, long? AgeSeconds, bool Hidden);

public static class GetLiveMapHandler
{
    /// <summary>A car silent for longer is shown without a place: where it was a day ago is no live position.</summary>
    private static readonly Duration Freshness = Duration.FromDays(1);

    public static async Task<Outcome<LiveMap>> Handle(GetLiveMap asked, IDocumentStore store, CityMap cities, PositionReader positions, IClock clock,
        DateTimeZone zone, CancellationToken cancellation)
    {
        if (TrackLooks.MaySeeLive(asked.By.Roles) is { } refused) return Outcome<LiveMap>.Refused(refused);
        if (!asked.By.Sees(asked.Pool, cities))
            return Outcome<LiveMap>.Refused(Problem.NotFound("pool.not_found", "There is no pool {0}.", asked.Pool));

        var now = clock.GetCurrentInstant();
        await using var session = store.QuerySession(asked.Pool);
        var fitted = await session.Query<TerminalRegistration>().ToListAsync(cancellation);
        var ids = fitted.Select(r => r.Id).ToList();
        var cars = (await session.LoadManyAsync<VehicleSummary>(cancellation, ids)).ToDictionary(v => v.Id);
        var onTrips = (await session.Query<Trip>().Where(t => t.Status == TripStatus.InProgress).ToListAsync(cancellation))
            .Where(t => t.Assignment is not null)
            .GroupBy(t => t.Assignment!.VehicleId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.StartedAt).First());
        var seesAll = TrackLooks.SeesOutsideTrips(asked.By.Roles);
        var shown = ids.Where(id => seesAll || onTrips.ContainsKey(id)).ToList();
        var latest = await positions.LatestAsync(asked.Pool, shown, now - Freshness, cancellation);

        var answer = fitted
            .Select(r =>
            {
                var trip = onTrips.GetValueOrDefault(r.Id);
                var fix = latest.TryGetValue(r.Id, out var p) ? p : null;
                return new LiveCar(r.Id, cars.TryGetValue(r.Id, out var car) ? car.Plate : "", trip?.Id, trip?.Details.Destinations.LastOrDefault(),
                    fix is null ? null : TrackPoint.Of(TrackFix.Of(fix), zone), fix is null ? null : (long)(now - fix.At).TotalSeconds,
                    Hidden: trip is null && !seesAll);
            })
            .OrderBy(c => c.TripId is null).ThenBy(c => c.Plate, StringComparer.Ordinal)
            .ToList();
        return new LiveMap(asked.Pool, now, answer);
    }
}

public static class GetLiveMapEndpoint
{
    [WolverineGet("/api/pools/{pool}/live", OperationId = "GetLiveMap"), Tags("Positions")]
    [Authorize(Roles = $"{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    [EndpointSummary("Where the pool's cars are now")]
    public static Task<Results<Ok<LiveMap>, ProblemHttpResult>> Get(string pool, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetLiveMap(pool), http);
}
