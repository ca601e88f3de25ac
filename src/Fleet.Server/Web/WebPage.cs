using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime.Text;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Fleet.Server.Web;

/// <summary>
/// What every page of the web UI shares: who is signed in, a session in their pool, and sending a command or asking a
/// query through the same entry and handler as the HTTP API (ADR 013), with the problems shown next to the fields they
/// concern.
/// </summary>
public abstract class WebPage : PageModel
{
    /// <summary>Problem messages by field name (<c>purposeText</c>, <c>destinations[0]</c>); the empty key holds the form's own.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Actor Me => Actor.Of(User);

    protected IQuerySession Read() => Store.QuerySession(Me.Pool);

    protected IDocumentStore Store => HttpContext.RequestServices.GetRequiredService<IDocumentStore>();

    protected T Service<T>() where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>How a form shows a clock time, and the first way it is read back.</summary>
    protected static readonly LocalTimePattern ClockMinutes = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private static readonly LocalTimePattern ClockSeconds = LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss");

    /// <summary>A time input's value; a browser sends seconds too when the field has a step below a minute. Unreadable, the field says so.</summary>
    protected LocalTime? ClockTime(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        var parsed = ClockMinutes.Parse(trimmed);
        if (!parsed.Success) parsed = ClockSeconds.Parse(trimmed);
        if (parsed.Success) return parsed.Value;
        Errors[field] = Service<WebText>()["admin.clock_time_unreadable"];
        return null;
    }

    /// <summary>
    /// A command numbers the items of <paramref name="collection"/> it was sent, the rows left once blank ones were
    /// dropped; its problems are put back beside the rows the person filled in, wherever a blank row stood between them.
    /// </summary>
    protected void ToRowsOnThePage(string collection, IReadOnlyList<int> rowOfItem)
    {
        var prefix = collection + "[";
        var sent = Errors.Where(e => e.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var error in sent) Errors.Remove(error.Key);
        foreach (var (field, message) in sent)
        {
            var close = field.IndexOf(']', prefix.Length);
            Errors[close > prefix.Length && int.TryParse(field.AsSpan(prefix.Length, close - prefix.Length), out var k) && k >= 0 && k < rowOfItem.Count
                ? $"{prefix}{rowOfItem[k]}{field[close..]}"
                : field] = message;
        }
    }

    /// <summary>A date input's value (ISO, as browsers send it); unreadable, the field says so.</summary>
    protected LocalDate? DateField(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        Errors[field] = Service<WebText>()["common.date_unreadable"];
        return null;
    }

    /// <summary>The <c>aria-invalid</c> value of a field's input.</summary>
    public string Invalid(string field) => Errors.ContainsKey(field) ? "true" : "false";

    /// <summary>
    /// Sends a command from a form, through the same entry and handler as the API (<see cref="Commands"/>), under the key
    /// the form was rendered with. Accepted, or already carried out by an earlier send of the same form: an accepted
    /// outcome (a repeat's marked <c>Repeated</c>, without a value). Refused: nothing is saved, and the problems are in
    /// <see cref="Errors"/>.
    /// </summary>
    /// <param name="lostRace">What to tell the reader when another command on the same record committed first.</param>
    protected async Task<Outcome<T>> SendAsync<T>(Command<T> command, string lostRace = "common.changed_meanwhile")
    {
        var submission = FormSubmission(command);
        if (await EarlierAsync(submission) is { } earlier)
        {
            if (earlier.Fingerprint != submission.Fingerprint) return FormReused<T>();
            EarlierRecord = earlier.Stream;
            return Outcome<T>.Again();
        }

        try
        {
            var outcome = await Service<IMessageBus>().SendAsync(command, Me, submission, HttpContext.RequestAborted);
            if (!outcome.Accepted) Show(FleetProblems.From(outcome.Problems, Text).ProblemDetails);
            return outcome;
        }
        catch (Exception race) when (LostRaces.Lost(race))
        {
            // A second click that lost to the first is the first; any other race is someone else's command on the record.
            if (await EarlierAsync(submission) is { } first)
            {
                EarlierRecord = first.Stream;
                return Outcome<T>.Again();
            }
            Errors[""] = Service<WebText>()[lostRace];
            return Outcome<T>.Refused(Problem.Conflict(lostRace, ""));
        }
    }

    /// <summary>The record a repeated form started the first time it was carried out, if it started one.</summary>
    protected Guid? EarlierRecord { get; private set; }

    private Submission FormSubmission(object command)
    {
        var key = Request.HasFormContentType ? Request.Form[SubmissionTagHelper.Field].ToString() : "";
        if (key.Length is 0 or > IdempotencyMiddleware.MaxKeyLength) return new Submission(HttpContext.TraceIdentifier, null, null, KeepsRefusals: false);

        var asked = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), FormFingerprint);
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(command.GetType().FullName!), .. asked]));
        return new Submission(HttpContext.TraceIdentifier, "form:" + key, fingerprint, KeepsRefusals: false);
    }

    private static readonly System.Text.Json.JsonSerializerOptions FormFingerprint = Infrastructure.Time.FleetTime.ConfigureJson(new System.Text.Json.JsonSerializerOptions());

    private async Task<IdempotencyRecord?> EarlierAsync(Submission submission)
    {
        if (submission.Key is not { } key) return null;
        // Written by the command's transaction, in the person's city's database (ADR 025).
        await using var session = Store.QuerySession(Me.Pool);
        return await session.LoadAsync<IdempotencyRecord>(IdempotencyRecord.IdOf(Me.UserId, key), HttpContext.RequestAborted);
    }

    /// <summary>The same rendered form sent again with other contents (back, edit, send): it is not the submission that was carried out.</summary>
    private Outcome<T> FormReused<T>()
    {
        Errors[""] = Service<WebText>()["common.form_already_sent"];
        return Outcome<T>.Refused(Problem.Conflict("common.form_already_sent", ""));
    }

    /// <summary>
    /// Asks a query through the same handler as the API, in the signed-in person's pool; a refusal is shown like a command's.
    /// <paramref name="answerRefusal"/>: a page that is nothing but the answer says 403 or 404 with the words, as the API would.
    /// </summary>
    protected async Task<T?> AskAsync<T>(Query<T> query, bool answerRefusal = false) where T : class
    {
        var outcome = await Service<IMessageBus>().AskAsync(query, Me, HttpContext.RequestAborted);
        if (outcome.Accepted) return outcome.Value;
        Refuse(FleetProblems.From(outcome.Problems, Text).ProblemDetails, answerRefusal);
        return null;
    }

    /// <summary>Shows a refusal; with <paramref name="answerStatus"/> the page also answers with its status when it is 403 or 404.</summary>
    protected void Refuse(ProblemDetails problem, bool answerStatus)
    {
        Show(problem);
        if (answerStatus && problem.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound) Response.StatusCode = problem.Status.Value;
    }

    protected void Show(ProblemDetails problem)
    {
        if (problem.Extensions.TryGetValue("errors", out var found) && found is IEnumerable<FleetProblems.FieldError> errors)
        {
            var listed = errors.ToList();
            foreach (var error in listed) Errors[error.Field ?? ""] = error.Message;
            // The API's summary points a programmer at its errors list; a person is pointed at the marked fields.
            if (!Errors.ContainsKey("")) Errors[""] = Service<WebText>().Format("common.fix_fields", listed.Count);
        }
        else Errors[""] = problem.Detail ?? problem.Title ?? "";
    }

    protected ProblemText Text => Service<ProblemText>();

    protected IClock Clock => Service<IClock>();

    protected DateTimeZone Zone => Service<DateTimeZone>();

    public bool Is(Role role) => Me.Has(role);

    /// <summary>The names of the pool's units by code, for lists that store the code.</summary>
    protected async Task<IReadOnlyDictionary<string, string>> UnitNamesAsync()
    {
        await using var session = Read();
        var units = await session.Query<Fleet.Domain.Organisations.Organisation>().ToListAsync(HttpContext.RequestAborted);
        return units.ToDictionary(u => u.Code, u => u.Name);
    }

    /// <summary>The names of the units of those codes, in whichever pool each is: for pages that show other pools' records.</summary>
    protected async Task<IReadOnlyDictionary<string, string>> UnitNamesAsync(IEnumerable<string> codes)
    {
        var wanted = codes.Distinct().ToArray();
        await using var session = Read();
        var units = await session.Query<Fleet.Domain.Organisations.Organisation>().Where(o => o.InCity() && o.Code.IsOneOf(wanted))
            .ToListAsync(HttpContext.RequestAborted);
        return units.ToDictionary(u => u.Code, u => u.Name);
    }

    /// <summary>A moment as the city's wall clock shows it.</summary>
    public string Local(Instant instant) => instant.InZone(Zone).ToString("uuuu-MM-dd HH:mm", null);

    public string LocalTime(Instant instant) => instant.InZone(Zone).ToString("HH:mm", null);

    /// <summary>The city's day of a moment, as 2026-11-03.</summary>
    public string LocalDay(Instant instant) => LocalDatePattern.Iso.Format(instant.InZone(Zone).Date);

    /// <summary>A count with the reader's thousands separators.</summary>
    public string Thousands(long value) => value.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);

    /// <summary>The value format of a <c>datetime-local</c> input.</summary>
    protected static readonly LocalDateTimePattern Picker = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>What the page shows; loaded again when a refused form comes back with its problems.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>After a form: on to the page afresh with a notice, or the same page with the problems next to the fields.</summary>
    protected async Task<IActionResult> AfterAsync(bool accepted, string notice, object? routeValues = null)
    {
        if (accepted) return Done(notice, routeValues);
        await LoadAsync();
        return Page();
    }

    protected async Task<IActionResult> AfterAsync(Task<bool> command, string notice, object? routeValues = null) =>
        await AfterAsync(await command, notice, routeValues);

    protected async Task<IActionResult> AfterAsync<T>(Task<Outcome<T>> command, string notice, object? routeValues = null) =>
        await AfterAsync((await command).Accepted, notice, routeValues);

    /// <summary>
    /// Several forms of one page may share field names (an inspection's and an insurance's <c>validUntil</c>): a refused
    /// form's problems are kept under its own name, so that they show next to it and not next to a namesake.
    /// </summary>
    protected bool Scoped(string form, bool accepted)
    {
        if (accepted) return true;
        foreach (var field in Errors.Keys.Where(k => k.Length > 0 && !k.Contains('.')).ToList())
        {
            Errors[$"{form}.{field}"] = Errors[field];
            Errors.Remove(field);
        }

        return false;
    }

    /// <summary>A date-time picker's local time in the city's zone; an unreadable one is reported on its field.</summary>
    protected Instant? Moment(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = Picker.Parse(text.Trim());
        // A year the browser's picker lets through but no zone arithmetic survives is no time a trip takes place at.
        if (parsed.Success && Fleet.Domain.Common.FleetCalendar.Holds(parsed.Value.Date)) return parsed.Value.InZoneLeniently(Zone).ToInstant();
        Errors[field] = Service<WebText>()["common.time_unreadable"];
        return null;
    }

    /// <summary>Tells the next page what was done, in the reader's language.</summary>
    protected IActionResult Done(string notice, object? routeValues = null)
    {
        TempData["Notice"] = Service<WebText>()[notice];
        return RedirectToPage(routeValues);
    }
}
