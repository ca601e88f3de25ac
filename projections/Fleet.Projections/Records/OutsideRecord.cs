using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Marten.Events.Aggregation;
using NodaTime;

namespace Fleet.Projections.Records;

/// <summary>
/// A record from outside as the checks and pages read it: what was bought, for which car, where it came from, and what
/// its latest check found (the trip it fell in, its findings). Kept inline, so that an import's checks read the records
/// imported before it, and the next file of the same issuer finds the rows it repeats.
/// </summary>
public sealed record OutsideRecord(Guid Id, RecordKind Kind, string Layout, string? Card, Guid VehicleId, string Plate, Instant At, string Place,
    decimal? Litres, decimal Amount, ImportProvenance Provenance, Guid? TripId = null, IReadOnlyList<RecordFinding>? Findings = null)
{
    public RecordFacts Facts => new(Id, Kind, VehicleId, Plate, At, Place, Litres, Amount);
}

public sealed partial class OutsideRecordProjection : SingleStreamProjection<OutsideRecord, Guid>
{
    public static OutsideRecord Create(OutsideRecordImported e) =>
        new(e.RecordId, e.Kind, e.Layout, e.Card, e.VehicleId, e.Plate, e.At, e.Place, e.Litres, e.Amount, e.Provenance);

    public static OutsideRecord Apply(OutsideRecord record, OutsideRecordChecked e) => record with { TripId = e.TripId, Findings = e.Findings };
}
