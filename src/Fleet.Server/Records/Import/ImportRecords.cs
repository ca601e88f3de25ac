using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Records.Checking;

using Microsoft.AspNetCore.RateLimiting;

namespace Fleet.Server.Records.Import;

/// <summary>
/// Brings an issuer's export into the pool (docs/records.md, ADR 020): each good row becomes a record with its provenance
/// (file hash, row, importing user), is matched to its car and trip and checked; a row the store holds already is
/// counted, not added; each bad row is reported with the reason. A file is recognised by the SHA-256 of its bytes:
/// importing it again adds nothing and answers with the first import's report.
/// </summary>
public sealed record ImportRecords(ImportRecordsForm Form) : Command<RecordImportReport>;

/// <summary>What became of each row: taken (with its record), already in the store, or refused with the reason.</summary>
public sealed record RecordImportReport(string FileHash, string FileName, string Layout, int Rows, IReadOnlyList<int> Accepted,
    IReadOnlyList<int> Repeated, IReadOnlyList<ImportRejection> Rejected, int Flagged, bool AlreadyImported)
{
    /// <summary>The report with each refused row's reason in the reader's language.</summary>
    public RecordImportReport In(ProblemText text) =>
        this with { Rejected = Rejected.Select(r => r with { Reason = text.Get(r.Code, r.Reason, [.. r.Args]) }).ToList() };
}

public static class ImportRecordsHandler
{
    public static async Task<Outcome<RecordImportReport>> Handle(ImportRecords command, IDocumentSession session, RecordLayouts layouts, IClock clock,
        DateTimeZone zone, CancellationToken cancellation)
    {
        var (file, problems) = RecordFile.Read(command.Form, layouts);
        if (file is null) return Outcome<RecordImportReport>.Refused(problems);

        var hash = Convert.ToHexStringLower(SHA256.HashData(file.Bytes));
        var batch = RecordFile.StreamOf(hash);
        if (await session.Events.FetchStreamAsync(batch, token: cancellation) is [{ Data: RecordFileImported first }, ..])
            return Report(first, alreadyImported: true);

        var actor = command.By;
        var now = clock.GetCurrentInstant();
        var registry = await RegistryAsync(session, file.Layout.Kind, cancellation);
        var (records, report) = RecordImport.Read(file.Text, file.Layout, file.Name, hash, actor.Pool, actor.UserId, registry, _ => false, zone, now);
        var stored = await StoredAsync(session, records.Select(r => r.RecordId).ToList(), cancellation);
        if (stored.Count > 0)
            (records, report) = RecordImport.Read(file.Text, file.Layout, file.Name, hash, actor.Pool, actor.UserId, registry, stored.Contains, zone, now);

        var check = await RecordChecking.CheckAsync(session, records.Select(RecordFacts.Of).ToList(), finished: null, zone, now, cancellation);
        var findings = check.Records.ToDictionary(c => c.RecordId);
        report = report with { Flagged = check.Records.Count(r => r.Findings.Count > 0) + check.Trips.Count(t => t.Findings.Count > 0) };
        session.Events.StartStream(batch, report);
        foreach (var record in records) session.Events.StartStream(record.RecordId, record, findings[record.RecordId]);
        foreach (var trip in check.Trips) session.Events.Append(trip.TripId, trip);
        return Report(report, alreadyImported: false);
    }

    /// <summary>The pool's cars (the session reads the actor's pool), and its cards of the kind the layout's records are paid with.</summary>
    private static async Task<RecordRegistry> RegistryAsync(IQuerySession session, RecordKind kind, CancellationToken cancellation)
    {
        var vehicles = await session.Query<Vehicle>().Where(v => v.Status != VehicleStatus.Disposed).ToListAsync(cancellation);
        var cardKind = kind == RecordKind.Fuel ? CardKind.Fuel : CardKind.Etc;
        var cards = await session.Query<Card>().Where(c => c.Kind == cardKind).ToListAsync(cancellation);
        return new RecordRegistry(vehicles.ToDictionary(v => v.Plate, v => (v.Id, v.Plate)), cards.ToDictionary(c => c.Number));
    }

    /// <summary>Which of the rows' records the pool holds already, from earlier files of the issuer.</summary>
    private static async Task<HashSet<Guid>> StoredAsync(IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken cancellation)
    {
        var stored = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(5_000))
            stored.UnionWith(await session.Query<OutsideRecord>().Where(r => r.Id.IsOneOf(chunk)).Select(r => r.Id).ToListAsync(cancellation));
        return stored;
    }

    private static RecordImportReport Report(RecordFileImported imported, bool alreadyImported) => new(imported.FileHash, imported.FileName,
        imported.Layout, imported.Rows, imported.AcceptedRows, imported.RepeatedRows, imported.Rejected, imported.Flagged, alreadyImported);
}

public static class ImportRecordsEndpoint
{
    /// <summary>A year of a large pool's fuel-card transactions, Base64 in JSON.</summary>
    public const long MaxBodyBytes = 32L * 1024 * 1024;

    [WolverinePost("/api/records/import", OperationId = "ImportRecords"), Tags("Records")]
    [EndpointSummary("Import an issuer's CSV export of fuel-card, ETC or parking records")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), EnableRateLimiting(SecuritySetup.BookingRateLimit), BodyLimit(MaxBodyBytes)]
    [LosesRaces]
    public static async Task<Results<Ok<RecordImportReport>, ProblemHttpResult>> Post(ImportRecordsForm form, HttpContext http, IMessageBus bus,
        ProblemText text)
    {
        if (RecordFile.NotCsv(form) is { } notCsv)
            return TypedResults.Problem(FleetProblems.Create(StatusCodes.Status415UnsupportedMediaType, "records.not_csv",
                text.Get("records.not_csv", "{0} is not a CSV file: export the records as CSV (comma-separated text).", notCsv)));
        var answer = await bus.AnswerAsync(new ImportRecords(form), http);
        // A refused row's reason is told in the reader's language, as a problem's message is.
        return answer.Result is Ok<RecordImportReport> { Value: { } report } ? TypedResults.Ok(report.In(text)) : answer;
    }
}
