using Fleet.Domain.Positions.Tracks;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Where every look at a track is written down before the track is answered: a <see cref="TrackViewed"/> on the car's
/// pool's stream of the month (in the car's pool even when a city supervisor looks, so the district's own chain holds it),
/// stamped with the viewer and their roles like a command's events, and so sealed and chained like every event.
/// </summary>
public sealed class TrackLookBook(IDocumentStore store, IClock clock, DateTimeZone zone)
{
    public async Task RecordAsync(Actor viewer, string pool, Guid vehicle, string plate, Guid? trip, Interval period, int positions,
        CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession(pool);
        session.LastModifiedBy = viewer.UserId.ToString();
        session.SetHeader(CommandSession.RoleHeader, string.Join(',', viewer.Roles));
        var month = now.InZone(zone).Date.ToYearMonth();
        session.Events.Append(TrackLooks.StreamOf(pool, month), new TrackViewed(Guid.CreateVersion7(), viewer.UserId, viewer.LoginName,
            string.Join(',', viewer.Roles), vehicle, plate, trip, period.Start, period.End, positions, now));
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The looks at a pool's tracks in a month, newest first.</summary>
    public async Task<IReadOnlyList<TrackViewed>> MonthAsync(string pool, YearMonth month, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(pool);
        var events = await session.Events.FetchStreamAsync(TrackLooks.StreamOf(pool, month), token: cancellation);
        return events.Select(e => e.Data).OfType<TrackViewed>().Reverse().ToList();
    }
}
