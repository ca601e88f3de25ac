using Fleet.Domain.People;
using Fleet.Domain.Positions.Tracks;
using Fleet.Domain.Trips;
using Fleet.Server.Positions.Store;
using Fleet.Server.Trips;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Where the trip's car went, from the moment it left to the moment it was back, or to now while it is on its way: for
/// the pool's dispatchers and supervisors (<see cref="TrackLooks.MaySeeTrip"/>); each look is recorded before it is answered.
/// </summary>
public sealed record GetTripTrack(Guid TripId) : Query<Track>;

public static class GetTripTrackHandler
{
    public static async Task<Outcome<Track>> Handle(GetTripTrack asked, IQuerySession session, PositionReader positions, TrackLookBook looks,
        IClock clock, DateTimeZone zone, CancellationToken cancellation)
    {
        if (TrackLooks.MaySeeTrip(asked.By.Roles) is { } refused) return Outcome<Track>.Refused(refused);

        // A city supervisor looks into every district; anybody else finds only the trips of their own pool.
        var trip = asked.By.SeesWholeCity
            ? await session.Query<Trip>().FirstOrDefaultAsync(t => t.InCity() && t.Id == asked.TripId, cancellation)
            : await session.LoadAsync<Trip>(asked.TripId, cancellation);
        if (trip is null) return Outcome<Track>.Refused(TripStream.NotFound(asked.TripId));
        if (trip is not { StartedAt: { } start, Assignment: { } car })
            return Outcome<Track>.Refused(Problem.Conflict("track.trip_not_started", "The car of this trip has not left yet: there is no track to show."));

        var running = trip.ReturnedAt is null;
        var end = trip.ReturnedAt ?? clock.GetCurrentInstant();
        var period = new Interval(start, end > start ? end : start);
        var track = await positions.TrackAsync(trip.Pool, car.VehicleId, period, cancellation);
        await looks.RecordAsync(asked.By, trip.Pool, car.VehicleId, car.Plate, trip.Id, period, track.Count, cancellation);
        return Track.Of(car.VehicleId, car.Plate, trip.Id, period, running, track, zone);
    }
}

public static class GetTripTrackEndpoint
{
    [WolverineGet("/api/trips/{id}/track", OperationId = "GetTripTrack"), Tags("Positions")]
    [Authorize(Roles = $"{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    [EndpointSummary("Where the trip's car went (every look is recorded)")]
    public static Task<Results<Ok<Track>, ProblemHttpResult>> Get(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetTripTrack(id), http);
}
