using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// One car's local day against its trips: what it did that no trip accounts for. The track given should hold the
/// day and the night after it up to the overnight check, and the trips every trip of the car that day that was
/// driven or is still approved to be (a cancelled trip covers nothing).
/// </summary>
public static class DayReconciliation
{
    /// <summary>Saturday and Sunday: the rest days of a year the city has published no working calendar for.</summary>
    public static bool Weekend(LocalDate day) => day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    /// <summary>
    /// The findings of <paramref name="day"/> (local to <paramref name="zone"/>) outside the car's trips: drives with
    /// no trip, those of them at night, on a rest day and on a day the pool sealed its cars (<paramref name="isSealed"/>;
    /// a trip on such a day had the pool office's exception), dwells in geofences, the terminal silent with the ignition
    /// on, and the car away from base at the overnight check. A trip covers its time as <see cref="TripFacts.Covers"/> says.
    /// </summary>
    public static VehicleDayReconciled Check(
        Guid vehicleId,
        LocalDate day,
        IEnumerable<TrackPoint> track,
        IReadOnlyList<TripFacts> trips,
        ReconciliationPlaces places,
        ReconciliationPolicy policy,
        DateTimeZone zone,
        Func<LocalDate, bool> isRestDay,
        Instant at,
        Func<LocalDate, bool>? isSealed = null)
    {
        var analysis = new TrackAnalysis(Track.Clean(track, policy), policy);
        var theDay = new Interval(day.AtStartOfDayInZone(zone).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
        var covered = trips.Select(t => t.Covers(policy.AwaySlack)).ToList();
        bool Uncovered(Instant t) => theDay.Contains(t) && !covered.Any(c => c.Contains(t));

        var drives = analysis.Drives(Uncovered).ToList();
        var atNight = analysis.Drives(t => Uncovered(t) && policy.IsNight(t.InZone(zone).TimeOfDay));
        var onRestDay = isRestDay(day) ? drives : [];
        var whileSealed = isSealed?.Invoke(day) == true ? drives : [];

        List<TrackFinding> findings =
        [
            .. drives.Select(d => analysis.Finding(FindingKind.MovementWithoutTrip, d)),
            .. atNight.Select(d => analysis.Finding(FindingKind.MovementAtNight, d)),
            .. onRestDay.Select(d => analysis.Finding(FindingKind.MovementOnRestDay, d)),
            .. whileSealed.Select(d => analysis.Finding(FindingKind.MovementWhileSealed, d)),
            .. TripReconciliation.Dwells(analysis, places.Geofences, p => Uncovered(p.At), policy),
            .. SilencesWithIgnitionOn(analysis, Uncovered, policy).Select(analysis.Silence),
            .. places.Base is { } home ? NotBackOvernight(analysis, day, covered, home.AsArea(policy), policy, zone) : [],
        ];

        return new VehicleDayReconciled(vehicleId, day, policy.Version,
            TrackFinding.Km(analysis.Kilometres(theDay.Start, theDay.End)),
            TrackFinding.Km(drives.Sum(d => d.Kilometres)),
            findings.OrderBy(f => f.From).ThenBy(f => f.Kind).ToList(), at);
    }

    /// <summary>
    /// A terminal that last reported the ignition on and then fell silent for longer than the gap was unplugged or
    /// shielded while the car could drive; with the ignition off, terminals sleep and report rarely, which is no
    /// finding. Silences inside a trip are the trip check's.
    /// </summary>
    private static IEnumerable<(Instant From, Instant To)> SilencesWithIgnitionOn(
        TrackAnalysis analysis, Func<Instant, bool> uncovered, ReconciliationPolicy policy)
    {
        var points = analysis.Points;
        for (var i = 1; i < points.Count; i++)
        {
            var (before, after) = (points[i - 1], points[i]);
            if (before.Ignition && after.At - before.At > policy.SignalGap && uncovered(before.At + (after.At - before.At) / 2))
                yield return (before.At, after.At);
        }
    }

    /// <summary>
    /// Where the car was at the overnight check after the day: at its last fix up to then, since a parked car's
    /// terminal may sleep for hours. No fix before the check, or a trip covering it, and nothing is concluded.
    /// </summary>
    private static IEnumerable<TrackFinding> NotBackOvernight(
        TrackAnalysis analysis, LocalDate day, IReadOnlyList<Interval> covered, Area carBase, ReconciliationPolicy policy, DateTimeZone zone)
    {
        var check = policy.OvernightCheckAfter(day, zone);
        if (covered.Any(c => c.Contains(check))) yield break;

        var last = analysis.Fixes.LastOrDefault(p => p.At <= check);
        if (last is null || carBase.Contains(last.Place)) yield break;

        yield return new TrackFinding(FindingKind.NotBackOvernight, last.At, check, [last.Place], 1,
            TrackFinding.Km(carBase.KilometresOutside(last.Place)), policy.Version);
    }
}
