using System.Globalization;
using System.Text;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;

namespace Fleet.Server.Reports.Logbook;

/// <summary>One logbook line as the page shows it: the entry, with the requesting unit's name.</summary>
public sealed record LogbookLine(LogbookEntry Entry, string UnitName);

/// <summary>What a month of one car or one driver adds up to.</summary>
public sealed record LogbookTotals(int Trips, long DistanceMetres, decimal FuelLitres, decimal EnergyKilowattHours, decimal Cost);

/// <summary>Whose logbook a page is.</summary>
public enum LogbookSubject
{
    Vehicle,
    Driver,
}

/// <summary>One car's or one driver's month of the electronic logbook, as JSON, CSV or a printable page.</summary>
public sealed record LogbookPage(LogbookSubject Kind, string Subject, string Month, IReadOnlyList<LogbookLine> Lines, LogbookTotals Totals);

/// <summary>
/// The electronic logbook (出车登记簿) that replaces the paper one: every trip a car (or a driver) drove in a local
/// month, in order of departure. Pool staff see their pool; a city supervisor every pool.
/// </summary>
public sealed record GetLogbook(Guid? VehicleId, Guid? DriverId, string? Month) : Query<LogbookPage>;

public static class GetLogbookHandler
{
    public static async Task<Outcome<LogbookPage>> Handle(GetLogbook asked, IQuerySession session, DateTimeZone zone, CancellationToken cancellation)
    {
        var (vehicleId, driverId, month) = (asked.VehicleId, asked.DriverId, asked.Month);
        if (vehicleId is null == driverId is null)
            return Outcome<LogbookPage>.Refused(Problem.Invalid("logbook.subject_required", "vehicleId", "Ask for the logbook of one vehicle or of one driver."));
        if (string.IsNullOrWhiteSpace(month)) return Outcome<LogbookPage>.Refused(Problem.Required("month"));
        var problems = new List<Problem>();
        if (QueryCalendar.Month(month, "month", "logbook.month_invalid", problems) is not { } wanted) return Outcome<LogbookPage>.Refused(problems[0]);

        var period = ReportPeriod.Month(wanted);
        var interval = period.In(zone);
        var (from, until) = (interval.Start, interval.End);
        var actor = asked.By;
        var query = actor.SeesWholeCity ? session.Query<LogbookEntry>().Where(e => e.InCity()) : session.Query<LogbookEntry>();
        query = vehicleId is { } vehicle ? query.Where(e => e.VehicleId == vehicle) : query.Where(e => e.DriverId == driverId);
        var entries = await query.Where(e => e.DepartedAt >= from && e.DepartedAt < until).OrderBy(e => e.DepartedAt).ToListAsync(cancellation);

        var subject = vehicleId is not null ? await PlateAsync(session, actor, vehicleId.Value, entries, cancellation)
            : await DriverNameAsync(session, actor, driverId!.Value, entries, cancellation);
        if (subject is null)
            return Outcome<LogbookPage>.Refused(vehicleId is not null
                ? Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", vehicleId)
                : Problem.NotFound("driver.not_found", "There is no driver {0}.", driverId!));

        var codes = entries.Select(e => e.UnitCode).Distinct().ToList();
        var units = (await session.Query<Organisation>().Where(o => o.InCity() && o.Code.IsOneOf(codes)).ToListAsync(cancellation))
            .ToDictionary(o => o.Code, o => o.Name);
        var lines = entries.Select(e => new LogbookLine(e, units.GetValueOrDefault(e.UnitCode, e.UnitCode))).ToList();
        var totals = new LogbookTotals(entries.Count, entries.Sum(e => e.DistanceMetres ?? 0), entries.Sum(e => e.FuelLitres ?? 0),
            entries.Sum(e => e.EnergyKilowattHours ?? 0), entries.Sum(e => e.TotalCost));
        return new LogbookPage(vehicleId is not null ? LogbookSubject.Vehicle : LogbookSubject.Driver, subject, period.Label, lines, totals);
    }

    /// <summary>The car's plate as its lines recorded it, or from the registry for a month without trips.</summary>
    private static async Task<string?> PlateAsync(IQuerySession session, Actor actor, Guid id, IReadOnlyList<LogbookEntry> entries, CancellationToken cancellation)
    {
        if (entries.LastOrDefault()?.Plate is { } plate) return plate;
        var vehicle = actor.SeesWholeCity
            ? await session.Query<Fleet.Domain.Vehicles.Vehicle>().FirstOrDefaultAsync(v => v.InCity() && v.Id == id, cancellation)
            : await session.LoadAsync<Fleet.Domain.Vehicles.Vehicle>(id, cancellation);
        return vehicle?.Plate;
    }

    private static async Task<string?> DriverNameAsync(IQuerySession session, Actor actor, Guid id, IReadOnlyList<LogbookEntry> entries, CancellationToken cancellation)
    {
        if (entries.LastOrDefault()?.DriverName is { } name) return name;
        var driver = actor.SeesWholeCity
            ? await session.Query<Fleet.Domain.Drivers.Driver>().FirstOrDefaultAsync(d => d.InCity() && d.Id == id, cancellation)
            : await session.LoadAsync<Fleet.Domain.Drivers.Driver>(id, cancellation);
        return driver?.Name;
    }
}

/// <summary>The same logbook page as JSON, as a spreadsheet, or as the paper form's layout.</summary>
public static class LogbookEndpoints
{
    private const string Readers = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}";

    [WolverineGet("/api/logbook", OperationId = "GetLogbook"), Tags("Reports")]
    [Authorize(Roles = Readers)]
    public static Task<Results<Ok<LogbookPage>, ProblemHttpResult>> Get(Guid? vehicleId, Guid? driverId, string? month, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetLogbook(vehicleId, driverId, month), http);

    /// <summary>For a spreadsheet: UTF-8 with a byte-order mark, so that Excel reads the Chinese right.</summary>
    [WolverineGet("/api/logbook/csv", OperationId = "GetLogbookCsv"), Tags("Reports")]
    [Authorize(Roles = Readers)]
    public static Task<IResult> Csv(Guid? vehicleId, Guid? driverId, string? month, HttpContext http, IMessageBus bus, DateTimeZone zone) =>
        RenderAsync(new GetLogbook(vehicleId, driverId, month), http, bus, page =>
            TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(LogbookDocument.Csv(page, zone, new ReportText()))).ToArray(),
                "text/csv; charset=utf-8", LogbookDocument.FileName(page)));

    /// <summary>The paper form's layout, one car (or driver) and one month per page, ready for the browser's print.</summary>
    [WolverineGet("/api/logbook/print", OperationId = "PrintLogbook"), Tags("Reports")]
    [Authorize(Roles = Readers)]
    public static Task<IResult> Print(Guid? vehicleId, Guid? driverId, string? month, HttpContext http, IMessageBus bus, DateTimeZone zone) =>
        RenderAsync(new GetLogbook(vehicleId, driverId, month), http, bus,
            page => TypedResults.Content(LogbookDocument.Html(page, zone, new ReportText()), "text/html; charset=utf-8"));

    private static async Task<IResult> RenderAsync(GetLogbook asked, HttpContext http, IMessageBus bus, Func<LogbookPage, IResult> render)
    {
        var outcome = await bus.AskAsync(asked, Actor.Of(http.User), http.RequestAborted);
        return outcome.Accepted ? render(outcome.Value!) : FleetProblems.From(outcome.Problems, http.RequestServices.GetRequiredService<ProblemText>());
    }
}

/// <summary>Labels of reports in the reader's language (简体中文 unless English is asked for).</summary>
public sealed class ReportText
{
    private static readonly System.Resources.ResourceManager Labels =
        new("Fleet.Server.Resources.ReportLabels", typeof(ReportText).Assembly);

    public string this[string key] => Labels.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public string Of(Enum value) => ProblemText.Term(value);

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The mark between a label and what it labels, and between the items of a list, in the reader's language.</summary>
    public string Colon => IsEnglish ? ": " : "：";

    public string List(IEnumerable<string> items) => string.Join(IsEnglish ? ", " : "、", items);
}
