using Fleet.Projections.Compliance;

namespace Fleet.Server.Web;

/// <summary>
/// The evidence of a flag raised by the records from outside, in words, alike on the compliance list and on the trip's
/// page: when and where, the litres or yuan recorded, and what they were held against.
/// </summary>
public static class RecordEvidence
{
    /// <summary>None for a flag that is not a record's.</summary>
    public static string? Words(ComplianceFlag flag, WebText t)
    {
        string E(string key) => flag.Evidence.GetValueOrDefault(key, "");
        var (at, place, recorded, limit, count) = (E("at"), E("place"), E("recorded"), E("limit"), E("count"));
        return flag.Kind switch
        {
            ComplianceFlagKind.FuelWithoutTrip => t.Format("records.evidence_fuel_without_trip", at, place, recorded),
            ComplianceFlagKind.FuelOverTank => t.Format("records.evidence_over_tank", at, place, recorded, limit),
            ComplianceFlagKind.FuelOverDistance => t.Format("records.evidence_over_distance", E("km"), limit, recorded, count),
            ComplianceFlagKind.TollOutsideTrip or ComplianceFlagKind.ParkingOutsideTrip => t.Format("records.evidence_outside_trip", at, place, recorded),
            ComplianceFlagKind.DeclaredTollsDiffer or ComplianceFlagKind.DeclaredParkingDiffer => t.Format("records.evidence_declared_money", limit, recorded, count),
            ComplianceFlagKind.DeclaredFuelDiffer => t.Format("records.evidence_declared_fuel", limit, recorded, count),
            _ => null,
        };
    }
}
