using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// One trip's track against what was approved and declared for it. The track given should reach from some time
/// before the approved start to some time after the return, so that leaving early and coming back late can be seen.
/// </summary>
public static class TripReconciliation
{
    /// <summary>
    /// What the track shows for <paramref name="trip"/>: the distance it measured while the trip ran and the findings
    /// of every trip rule (distance, time away from base, leaving the approved area, geofence dwells, signal gaps).
    /// No trip rule depends on the wall clock, so unlike the day check this one takes no time zone. A car without a
    /// terminal has no track to check: the answer then has no distance and no findings.
    /// </summary>
    public static TripTrackReconciled Check(
        TripFacts trip, IEnumerable<TrackPoint> track, ReconciliationPlaces places, ReconciliationPolicy policy, Instant at)
    {
        decimal? declaredKm = trip.Declared is { } declared ? TrackFinding.Km((double)declared.Kilometres) : null;
        TripTrackReconciled Concluded(decimal? trackKm, IEnumerable<TrackFinding> findings) => new(
            trip.TripId, trip.VehicleId, policy.Version, trackKm, declaredKm,
            findings.OrderBy(f => f.From).ThenBy(f => f.Kind).ToList(), at);

        if (!trip.TerminalBound) return Concluded(null, []);

        var analysis = new TrackAnalysis(Track.Clean(track, policy), policy);
        var (from, to) = (trip.DrivenFrom, trip.DrivenTo);
        if (analysis.Points.Count == 0)
            return Concluded(null, [new TrackFinding(FindingKind.SignalGap, from, to, [], 0, null, policy.Version)]);

        var driven = analysis.Fixes.Count(p => p.At >= from && p.At <= to) >= 2;
        var trackKm = driven ? analysis.Kilometres(from, to) : (double?)null;

        return Concluded(trackKm is { } km ? TrackFinding.Km(km) : null,
        [
            .. DistanceMismatch(trip, analysis, trackKm, policy),
            .. places.Base is { } home ? AwayOutsideWindow(trip, analysis, home.AsArea(policy), policy) : [],
            .. places.ApprovedArea is { } approved ? LeftApprovedArea(trip, analysis, approved) : [],
            .. Dwells(analysis, places.Geofences, p => p.At >= from && p.At <= to, policy),
            .. analysis.Silences(from, to).Select(analysis.Silence),
        ]);
    }

    /// <summary>
    /// Declared against tracked, allowing the larger of a fixed distance and a share of the tracked distance. The
    /// share is of the track, not of the declaration, so that padding a logbook does not widen its own tolerance.
    /// </summary>
    private static IEnumerable<TrackFinding> DistanceMismatch(TripFacts trip, TrackAnalysis analysis, double? trackKm, ReconciliationPolicy policy)
    {
        if (trip.Declared is not { } declared || trackKm is not { } tracked) yield break;

        var declaredKm = declared.Metres / 1000.0;
        var tolerance = policy.DistanceToleranceKmFor(tracked);
        if (Math.Abs(declaredKm - tracked) <= tolerance) yield break;

        var fixes = Indexes(analysis, trip.DrivenFrom, trip.DrivenTo);
        yield return new TrackFinding(FindingKind.DistanceMismatch, trip.DrivenFrom, trip.DrivenTo,
            analysis.Simplified(fixes.First, fixes.Last), fixes.Last - fixes.First + 1, TrackFinding.Km(tracked), policy.Version,
            DeclaredKilometres: TrackFinding.Km(declaredKm), ToleranceKilometres: TrackFinding.Km(tolerance));
    }

    /// <summary>
    /// Each time away from base that overlaps the trip (its approved window, or its recorded departure and return)
    /// and reaches beyond the slack on either side. Away means from the first fix outside the base to the last: the
    /// car may have left a little earlier, but the finding claims only what the fixes prove. The evidence covers all
    /// the time outside the approved window, the slack included. A second outing after the car was back, even within
    /// the slack, is not this trip's: the day check finds it as a drive with no trip.
    /// </summary>
    private static IEnumerable<TrackFinding> AwayOutsideWindow(TripFacts trip, TrackAnalysis analysis, Area carBase, ReconciliationPolicy policy)
    {
        var (earliest, latest) = (trip.WindowStart - policy.AwaySlack, trip.WindowEnd + policy.AwaySlack);
        var span = (From: Min(trip.WindowStart, trip.DrivenFrom), To: Max(trip.WindowEnd, trip.DrivenTo));
        foreach (var away in analysis.Stretches(p => !carBase.Contains(p.Place)))
        {
            if (away.To < span.From || away.From > span.To) continue;
            if (away.From < earliest)
                yield return Part(analysis, away, away.From, trip.WindowStart);
            if (away.To > latest)
                yield return Part(analysis, away, trip.WindowEnd, away.To);
        }
    }

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static TrackFinding Part(TrackAnalysis analysis, Run away, Instant from, Instant to)
    {
        var fixes = Indexes(analysis, from, to, away);
        return analysis.Finding(FindingKind.AwayOutsideWindow,
            away with { FirstFix = fixes.First, LastFix = fixes.Last, Kilometres = analysis.Kilometres(from, to) }, from, to);
    }

    /// <summary>A trip approved inside the region that was tracked outside the approved area, once per stretch outside.</summary>
    private static IEnumerable<TrackFinding> LeftApprovedArea(TripFacts trip, TrackAnalysis analysis, Area approved) =>
        trip.OutOfRegion
            ? []
            : analysis.Stretches(p => p.At >= trip.DrivenFrom && p.At <= trip.DrivenTo && !approved.Contains(p.Place))
                .Select(run => analysis.Finding(FindingKind.LeftApprovedArea, run));

    /// <summary>
    /// The stays of at least the minimum dwell inside each geofence, among the fixes <paramref name="counts"/> admits.
    /// Shared with the day check, which admits the fixes no trip covers.
    /// </summary>
    internal static IEnumerable<TrackFinding> Dwells(
        TrackAnalysis analysis, IReadOnlyList<Geofence> geofences, Func<TrackPoint, bool> counts, ReconciliationPolicy policy) =>
        from geofence in geofences
        from stay in analysis.Stretches(p => counts(p) && geofence.Area.Contains(p.Place))
        where stay.To - stay.From >= policy.MinimumDwell
        select analysis.Finding(FindingKind.GeofenceDwell, stay, geofence: new GeofenceRef(geofence.Name, geofence.Kind));

    /// <summary>The first and last fix of a period (of <paramref name="within"/> if given); the nearest fix when none lies inside.</summary>
    private static (int First, int Last) Indexes(TrackAnalysis analysis, Instant from, Instant to, Run? within = null)
    {
        var (low, high) = within is { } run ? (run.FirstFix, run.LastFix) : (0, analysis.Fixes.Count - 1);
        var inside = Enumerable.Range(low, high - low + 1).Where(i => analysis.Fixes[i].At >= from && analysis.Fixes[i].At <= to).ToList();
        return inside.Count > 0 ? (inside[0], inside[^1]) : (low, low);
    }
}
