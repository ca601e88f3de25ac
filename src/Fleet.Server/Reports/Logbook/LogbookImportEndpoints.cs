using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Reports.Logbook;

/// <summary>A paper logbook typed into the template, as CSV text, with the name of the file it came from.</summary>
public sealed record LogbookImportRequest(string? FileName, string? Csv);

/// <summary>What became of each row; <see cref="AlreadyImported"/> when the same file was imported before and nothing was added.</summary>
public sealed record LogbookImportReport(string FileHash, int Rows, IReadOnlyList<ImportedRow> Accepted, IReadOnlyList<ImportRejection> Rejected,
    bool AlreadyImported);

public sealed record ImportedRow(int Row, Guid TripId);

/// <summary>
/// Brings a district's paper logbooks into Fleet: each good row becomes an imported trip with its provenance (file
/// hash, row, importing user), each bad row is reported with the reason. A file is recognised by its SHA-256: importing
/// it again adds nothing and answers with the first import's report.
/// </summary>
public static class LogbookImportEndpoints
{
    [WolverineGet("/api/logbook/import/template", OperationId = "GetLogbookImportTemplate"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static IResult Template() =>
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join(',', LogbookImport.Header) + "\r\n")).ToArray(),
            "text/csv; charset=utf-8", "logbook-template.csv");

    [WolverinePost("/api/logbook/import", OperationId = "ImportLogbook"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), EnableRateLimiting(SecuritySetup.BookingRateLimit)]
    public static async Task<Results<Ok<LogbookImportReport>, ProblemHttpResult>> Import(LogbookImportRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request.Csv)) return FleetProblems.From([Problem.Required("csv")], text);
        var fileName = string.IsNullOrWhiteSpace(request.FileName) ? "logbook-import.csv" : request.FileName.Trim();
        if (LogbookImport.Csv(request.Csv).Count > LogbookImport.MaxRows + 1)
            return FleetProblems.From([Problem.Invalid("import.too_many_rows", "csv", "A file has at most {0} rows: split it.", LogbookImport.MaxRows)], text);

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Csv.TrimStart('\uFEFF'))));
        var batch = IdFrom(hash, 0);
        if (await session.Events.FetchStreamAsync(batch, token: cancellation) is [{ Data: LogbookFileImported first }, ..])
            return TypedResults.Ok(Report(LogbookFile.Create(first).Import, row => IdFrom(hash, row), text, alreadyImported: true));

        var actor = Actor.Of(user);
        var registry = await RegistryAsync(session, cancellation);
        var known = await KnownUseAsync(session, cancellation);
        var (trips, report) = LogbookImport.Read(request.Csv, fileName, hash, actor.Pool, actor.UserId, registry, known, row => IdFrom(hash, row), zone,
            clock.GetCurrentInstant());

        session.Events.StartStream(batch, report);
        foreach (var trip in trips) session.Events.StartStream(trip.TripId, trip);
        return TypedResults.Ok(Report(report, row => IdFrom(hash, row), text, alreadyImported: false));
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

    private static LogbookImportReport Report(LogbookFileImported imported, Func<int, Guid> tripId, ProblemText text, bool alreadyImported) => new(
        imported.FileHash, imported.Rows, imported.AcceptedRows.Select(row => new ImportedRow(row, tripId(row))).ToList(),
        imported.Rejected.Select(r => r with { Reason = text.Get(r.Code, r.Reason, [.. r.Args]) }).ToList(), alreadyImported);

    /// <summary>Ids derived from the file's hash and the row: the same file always yields the same trips, never twice.</summary>
    private static Guid IdFrom(string hash, int row)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{hash}#{row}"));
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }
}
