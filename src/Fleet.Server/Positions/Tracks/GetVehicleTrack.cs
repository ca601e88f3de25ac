using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Positions.Tracks;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Server.Positions.Store;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Where a car went in a period, trips or not: for supervisors only (<see cref="TrackLooks.MaySeePeriod"/>).
/// <see cref="From"/> and <see cref="To"/> are local days (the whole of both days) or moments with their offset; each look
/// is recorded before it is answered.
/// </summary>
public sealed record GetVehicleTrack(Guid VehicleId, string? From, string? To) : Query<Track>;

public static class GetVehicleTrackHandler
{
    public static async Task<Outcome<Track>> Handle(GetVehicleTrack asked, IQuerySession session, IDocumentStore store, PositionReader positions,
        TrackLookBook looks, DateTimeZone zone, CancellationToken cancellation)
    {
        if (TrackLooks.MaySeePeriod(asked.By.Roles) is { } refused) return Outcome<Track>.Refused(refused);

        var problems = new List<Problem>();
        var from = Bound(asked.From, "from", zone, problems, endOfDay: false);
        var to = Bound(asked.To, "to", zone, problems, endOfDay: true);
        if (from is { } f && to is { } t && TrackLooks.CheckPeriod(f, t) is { } wrong) problems.Add(wrong);
        if (problems.Count > 0) return Outcome<Track>.Refused(problems);

        var car = asked.By.SeesWholeCity
            ? await session.Query<VehicleSummary>().FirstOrDefaultAsync(v => v.InCity() && v.Id == asked.VehicleId, cancellation)
            : await session.LoadAsync<VehicleSummary>(asked.VehicleId, cancellation);
        if (car is null) return Outcome<Track>.Refused(VehicleStream.NotFound(asked.VehicleId));

        var period = new Interval(from!.Value, to!.Value);
        var track = await positions.TrackAsync(car.HomePool, car.Id, period, cancellation);
        await looks.RecordAsync(asked.By, car.HomePool, car.Id, car.Plate, null, period, track.Count, cancellation);

        // The car's own pool's thresholds and trips, also when a city supervisor looks at a district's car.
        await using var pool = store.QuerySession(car.HomePool);
        var policy = await ReconciliationPolicyInForce.CurrentAsync(pool, cancellation);
        var trips = await ReconcileDaysHandler.CoveringAsync(pool, car.Id, period.Start, period.End, cancellation);
        var recap = TrackRecap.Of(track.Select(ReconciliationTrack.PointOf), policy);
        return Track.Of(car.Id, car.Plate, null, period, running: false, track, zone) with { Summary = TrackSummary.Of(recap, trips, zone) };
    }

    /// <summary>A day (its start, or for the end of the period the start of the next day) or a moment as written.</summary>
    private static Instant? Bound(string? text, string field, DateTimeZone zone, List<Problem> problems, bool endOfDay)
    {
        if (text?.Trim() is not { Length: 10 } day) return QueryCalendar.Moment(text, field, problems);
        return QueryCalendar.Day(day, field, "track.day_invalid", problems) is { } date
            ? zone.AtStartOfDay(endOfDay ? date.PlusDays(1) : date).ToInstant()
            : null;
    }
}

public static class GetVehicleTrackEndpoint
{
    /// <summary><c>?from=2026-11-03&amp;to=2026-11-04</c>, or moments: <c>?from=2026-11-03T08:00:00+08:00&amp;to=2026-11-03T12:00:00+08:00</c></summary>
    [WolverineGet("/api/vehicles/{id}/track", OperationId = "GetVehicleTrack"), Tags("Positions")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    [EndpointSummary("Where the vehicle went in a period, for supervisors (every look is recorded)")]
    public static Task<Results<Ok<Track>, ProblemHttpResult>> Get(Guid id, string? from, string? to, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetVehicleTrack(id, from, to), http);
}
