using Fleet.Domain.Positions.Reconciliation;
using Fleet.Projections.Compliance;

namespace Fleet.Server.Web;

/// <summary>
/// A reconciliation flag's evidence in words, alike on the compliance list and on the trip's page: when (local time),
/// how far (km, one decimal), which geofence, and the thresholds' version that raised it.
/// </summary>
public static class TrackEvidence
{
    /// <summary>None for a flag that is not a track's.</summary>
    public static string? Words(ComplianceFlag flag, WebText t)
    {
        string E(string key) => flag.Evidence.GetValueOrDefault(key, "");
        var (from, to, km, version) = (E("from"), E("to"), E("km"), E("policyVersion"));
        var words = flag.Kind switch
        {
            ComplianceFlagKind.TrackDistanceMismatch => t.Format("track.evidence_distance", from, to, km, E("declaredKm"), E("toleranceKm"), version),
            ComplianceFlagKind.AwayFromBaseOutsideWindow or ComplianceFlagKind.LeftApprovedArea or ComplianceFlagKind.MovementWithoutTrip
                or ComplianceFlagKind.MovementAtNight or ComplianceFlagKind.MovementOnRestDay or ComplianceFlagKind.MovementWhileSealed => t.Format("track.evidence_driven", from, to, km, version),
            ComplianceFlagKind.GeofenceDwell => t.Format("track.evidence_dwell", from, to,
                Enum.TryParse<GeofenceKind>(E("geofenceKind"), out var kind) ? t.Term(kind) : E("geofenceKind"), E("geofence"), version),
            ComplianceFlagKind.TerminalSilent => km.Length > 0
                ? t.Format("track.evidence_silent", from, to, km, version)
                : t.Format("track.evidence_silent_throughout", from, to, version),
            ComplianceFlagKind.NotBackOvernight => t.Format("track.evidence_not_back", from, to, km, version),
            _ => null,
        };
        if (words is null) return null;
        return int.TryParse(E("count"), out var count) && count > 1 ? words + t.Format("track.evidence_more", count - 1) : words;
    }
}
