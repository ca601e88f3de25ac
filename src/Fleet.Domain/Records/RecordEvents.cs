using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Domain.Records;

/// <summary>What a record from outside is. Members are only ever added: stored events refer to them.</summary>
public enum RecordKind
{
    /// <summary>A fuel-card transaction (加油): litres and yuan at a station.</summary>
    Fuel,

    /// <summary>An ETC toll (通行费): yuan on a road.</summary>
    Toll,

    /// <summary>A parking charge (停车费): yuan at a car park.</summary>
    Parking,
}

/// <summary>
/// One row of an issuer's file, taken: what was bought, when and where, for which car (by the card bound to it at that
/// moment, or by the plate the operator read), with where the row came from. Its stream is named after the row's own
/// facts, so the same transaction in a later, overlapping file is recognised. Stored as <c>outside_record_imported</c>.
/// </summary>
public sealed record OutsideRecordImported(
    Guid RecordId,
    string Pool,
    RecordKind Kind,
    string Layout,
    string? Card,
    Guid VehicleId,
    string Plate,
    Instant At,
    string Place,
    decimal? Litres,
    decimal Amount,
    ImportProvenance Provenance);

/// <summary>
/// An issuer's file was imported: its rows, which were taken, which were in the store already, which were refused and
/// why, and how many of its records and their trips the check at import flagged. Its stream is named after the file's
/// hash: the same file is imported once. Stored as <c>record_file_imported</c>.
/// </summary>
public sealed record RecordFileImported(
    string FileHash,
    string FileName,
    string Layout,
    string Pool,
    int Rows,
    IReadOnlyList<int> AcceptedRows,
    IReadOnlyList<int> RepeatedRows,
    IReadOnlyList<ImportRejection> Rejected,
    Guid ImportedBy,
    Instant At,
    int Flagged = 0);

/// <summary>What a check of the records against the trips found. Members are only ever added: stored events refer to them.</summary>
public enum RecordFindingKind
{
    /// <summary>Fuel bought on a day the car made no trip.</summary>
    FuelWithoutTrip,

    /// <summary>More litres in one purchase than the car's tank holds.</summary>
    FuelOverTank,

    /// <summary>
    /// More litres in one purchase than the car's trips since its previous purchase need at its consumption, with the
    /// slack; <see cref="RecordFinding.Count"/> is the number of those trips.
    /// </summary>
    FuelOverDistance,

    /// <summary>A toll charged when no trip of the car was under way.</summary>
    TollOutsideTrip,

    /// <summary>Parking charged when no trip of the car was under way.</summary>
    ParkingOutsideTrip,

    /// <summary>The tolls the driver declared at the end of the trip differ from the ETC records.</summary>
    DeclaredTollsDiffer,

    /// <summary>The parking the driver declared differs from the parking records.</summary>
    DeclaredParkingDiffer,

    /// <summary>The fuel the driver declared differs from the fuel-card records.</summary>
    DeclaredFuelDiffer,
}

/// <summary>
/// One finding with the facts it rests on: when and where (the record's, or the trip's departure), and the figures
/// compared: <paramref name="Recorded"/> what the records say (litres or yuan), <paramref name="Limit"/> what it was held
/// against (the tank, the need, the declared amount), <paramref name="Kilometres"/> the trip's distance when it matters,
/// <paramref name="Count"/> how many records make the figure.
/// </summary>
public sealed record RecordFinding(RecordFindingKind Kind, Instant At, string? Place, decimal Recorded, decimal? Limit, decimal? Kilometres, int Count);

/// <summary>
/// A record was checked against the car's trips: the trip it fell in, if any, and what was wrong with it on its own.
/// The latest check of a record replaces the one before. Stored as <c>outside_record_checked</c>.
/// </summary>
public sealed record OutsideRecordChecked(Guid RecordId, Guid VehicleId, string Plate, Guid? TripId, IReadOnlyList<RecordFinding> Findings, Instant At);

/// <summary>
/// A trip's records were summed and held against what was declared at its end, and against its distance. Appended to
/// the trip's stream; the latest replaces the one before. Stored as <c>trip_records_checked</c>.
/// </summary>
public sealed record TripRecordsChecked(Guid TripId, Guid VehicleId, string Plate, IReadOnlyList<Guid> Records, IReadOnlyList<RecordFinding> Findings,
    Instant At);

/// <summary>
/// A record from outside as its stream tells it: what was bought, for which car, where it came from, and what its latest
/// check found (the trip it fell in, its findings). The checks of later imports and the pages read it.
/// </summary>
public sealed record OutsideRecord(Guid Id, RecordKind Kind, string Layout, string? Card, Guid VehicleId, string Plate, Instant At, string Place,
    decimal? Litres, decimal Amount, ImportProvenance Provenance, Guid? TripId = null, IReadOnlyList<RecordFinding>? Findings = null)
{
    public RecordFacts Facts => new(Id, Kind, VehicleId, Plate, At, Place, Litres, Amount);

    public static OutsideRecord From(OutsideRecordImported e) =>
        new(e.RecordId, e.Kind, e.Layout, e.Card, e.VehicleId, e.Plate, e.At, e.Place, e.Litres, e.Amount, e.Provenance);

    public OutsideRecord When(OutsideRecordChecked e) => this with { TripId = e.TripId, Findings = e.Findings };
}

/// <summary>An imported file as its stream (named after the file's hash) tells it: the report of its one import.</summary>
public sealed record ImportedRecordFile(string FileHash, RecordFileImported Import)
{
    public static ImportedRecordFile From(RecordFileImported e) => new(e.FileHash, e);
}

/// <summary>A trip's latest check against its records, as its page shows it.</summary>
public sealed record CheckedTripRecords(Guid TripId, IReadOnlyList<Guid> Records, IReadOnlyList<RecordFinding> Findings, Instant At)
{
    public static CheckedTripRecords From(TripRecordsChecked e) => new(e.TripId, e.Records, e.Findings, e.At);
}
