using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Fleet.Server.Reports.Logbook;

/// <summary>
/// Brings a district's paper logbook into Fleet: each good row becomes an imported trip with its provenance (file
/// hash, row, importing user), each bad row is reported with the reason. A file is recognised by its SHA-256: importing
/// it again adds nothing and answers with the first import's report.
/// </summary>
public sealed record ImportLogbook(ImportLogbookForm Form) : Command<LogbookImportReport>;

/// <summary>What became of each row; <see cref="AlreadyImported"/> when the same file was imported before and nothing was added.</summary>
public sealed record LogbookImportReport(string FileHash, int Rows, IReadOnlyList<ImportedRow> Accepted, IReadOnlyList<ImportRejection> Rejected,
    bool AlreadyImported)
{
    /// <summary>The report with each rejected row's reason in the reader's language.</summary>
    public LogbookImportReport In(ProblemText text) =>
        this with { Rejected = Rejected.Select(r => r with { Reason = text.Get(r.Code, r.Reason, [.. r.Args]) }).ToList() };
}

public sealed record ImportedRow(int Row, Guid TripId);

public static class ImportLogbookHandler
{
    public static async Task<Outcome<LogbookImportReport>> Handle(ImportLogbook command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var (file, problems) = LogbookImport.Validate(command.Form);
        if (file is null) return Outcome<LogbookImportReport>.Refused(problems);

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Csv.TrimStart('\uFEFF'))));
        var batch = IdFrom(hash, 0);
        if (await session.Events.FetchStreamAsync(batch, token: cancellation) is [{ Data: LogbookFileImported first }, ..])
            return Report(LogbookFile.From(first).Import, hash, alreadyImported: true);

        var actor = command.By;
        var registry = await RegistryAsync(session, cancellation);
        var known = await KnownUseAsync(session, cancellation);
        var (trips, report) = LogbookImport.Read(file.Csv, file.FileName, hash, actor.Pool, actor.UserId, registry, known, row => IdFrom(hash, row), zone,
            clock.GetCurrentInstant());

        session.Events.StartStream(batch, report);
        foreach (var trip in trips) session.Events.StartStream(trip.TripId, trip);
        return Report(report, hash, alreadyImported: false);
    }

    /// <summary>The pool's cars, units and drivers, which every row must name (the session reads the actor's pool).</summary>
    private static async Task<LogbookRegistry> RegistryAsync(IQuerySession session, CancellationToken cancellation)
    {
        var vehicles = await session.Query<Vehicle>().Where(v => v.Status != VehicleStatus.Disposed).ToListAsync(cancellation);
        var units = await session.Query<Organisation>().Where(o => o.Kind == OrganisationKind.Unit).ToListAsync(cancellation);
        var drivers = await session.Query<Driver>().Select(d => d.Name).ToListAsync(cancellation);
        return new LogbookRegistry(vehicles.ToDictionary(v => v.Plate), units.Select(u => (u.Code, u.Name)).ToList(), drivers);
    }

    /// <summary>When the pool's cars were out already: driven trips from Fleet and trips imported before.</summary>
    private static async Task<IReadOnlyList<VehicleUse>> KnownUseAsync(IQuerySession session, CancellationToken cancellation)
    {
        var lines = await session.Query<LogbookEntry>().Where(e => e.VehicleId != null && e.DepartedAt != null).ToListAsync(cancellation);
        return lines.Select(l => new VehicleUse(l.VehicleId!.Value, new Interval(l.DepartedAt!.Value, l.ReturnedAt ?? l.PlannedEnd))).ToList();
    }

    private static LogbookImportReport Report(LogbookFileImported imported, string hash, bool alreadyImported) => new(
        imported.FileHash, imported.Rows, imported.AcceptedRows.Select(row => new ImportedRow(row, IdFrom(hash, row))).ToList(), imported.Rejected,
        alreadyImported);

    /// <summary>Ids derived from the file's hash and the row: the same file always yields the same trips, never twice.</summary>
    private static Guid IdFrom(string hash, int row)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{hash}#{row}"));
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }
}

public static class ImportLogbookEndpoint
{
    [WolverinePost("/api/logbook/import", OperationId = "ImportLogbook"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), EnableRateLimiting(SecuritySetup.BookingRateLimit)]
    [LosesRaces]
    public static async Task<Results<Ok<LogbookImportReport>, ProblemHttpResult>> Post(ImportLogbookForm form, HttpContext http, IMessageBus bus,
        ProblemText text)
    {
        var answer = await bus.AnswerAsync(new ImportLogbook(form), http);
        // A rejected row's reason is told in the reader's language, as a problem's message is.
        return answer.Result is Ok<LogbookImportReport> { Value: { } report } ? TypedResults.Ok(report.In(text)) : answer;
    }
}
