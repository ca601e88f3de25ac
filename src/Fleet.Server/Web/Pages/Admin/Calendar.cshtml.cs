using Fleet.Domain.Calendar;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Projections.Calendar;
using Fleet.Server.Calendar;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// A year's working calendar for the fleet admins: its holidays and make-up working days month by month, who published
/// each version and when; the city's admins also publish the next version with the same command the API sends. A year
/// nobody published is shown as unknown, with what that means for approvals.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminCalendarModel : WebPage
{
    private static readonly LocalDatePattern Day = LocalDatePattern.Iso;

    /// <summary>Blank rows under the published ones: enough for a year's holidays without a script to add rows.</summary>
    public const int BlankRows = 3;

    public sealed class HolidayRow
    {
        public string? Name { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    [BindProperty] public int? Version { get; set; }

    [BindProperty] public List<HolidayRow> Holidays { get; set; } = [];

    [BindProperty] public List<string?> MakeUpDays { get; set; } = [];

    public CalendarYear? Published { get; private set; }

    /// <summary>The year's versions, newest first: what each put in force, when and by whom.</summary>
    public IReadOnlyList<(CalendarYear Year, Instant At, Guid? By)> Versions { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> People { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>One calendar for the whole city: a district's admins read it.</summary>
    public bool Publishes => Me.OrganisationKind == OrganisationKind.City;

    public int Shown => Year ?? Today.Year;

    private LocalDate Today => Service<IClock>().GetCurrentInstant().InZone(Zone).Date;

    public async Task OnGetAsync()
    {
        Year = FleetCalendarYear(Year);
        await LoadAsync();
        Version = (Published?.Version ?? 0) + 1;
        Holidays = [.. (Published?.Holidays ?? []).Select(h => new HolidayRow { Name = h.Name, From = Day.Format(h.From), To = Day.Format(h.To) })];
        MakeUpDays = [.. (Published?.MakeUpDays.Order() ?? Enumerable.Empty<LocalDate>()).Select(d => (string?)Day.Format(d))];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Year = FleetCalendarYear(Year);
        var rows = Holidays.Select((row, i) => (row, i)).Where(r => !Blank(r.row)).ToList();
        var form = new PublishCalendarYearForm(Version,
            [.. rows.Select(r => new HolidayPeriodForm(r.row.Name, DateField(r.row.From, $"holidays[{r.i}].from"), DateField(r.row.To, $"holidays[{r.i}].to")))],
            [.. MakeUpDays.Select((d, i) => (d, i)).Where(d => !string.IsNullOrWhiteSpace(d.d)).Select(d => DateField(d.d, "makeUpDays")).OfType<LocalDate>()]);
        if (Errors.Count == 0 && (await SendAsync(new PublishCalendarYear(Shown, form))).Accepted)
            return Done("admin.calendar_published", new { year = Shown });

        ToRowsOnThePage("holidays", rows.Select(r => r.i).ToList());
        await LoadAsync();
        return Page();
    }

    /// <summary>The year's months, each with its days and what each day is, for the grid.</summary>
    public IEnumerable<(int Month, IReadOnlyList<(LocalDate Day, DayKind Kind)> Days)> Months()
    {
        for (var month = 1; month <= 12; month++)
        {
            var first = new LocalDate(Shown, month, 1);
            yield return (month, [.. Enumerable.Range(0, CalendarSystem.Iso.GetDaysInMonth(Shown, month))
                .Select(d => first.PlusDays(d)).Select(day => (day, Published?.KindOf(day) ?? DayKind.Unknown))]);
        }
    }

    public string DayText(LocalDate day) => Day.Format(day);

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        var id = PublishedCalendarYear.StreamIdOf(Shown);
        Published = await CalendarInForce.YearAsync(session, Shown, HttpContext.RequestAborted);
        if (Published is null) return;

        // The city's administrators publish it, so its stream is in the city's pool; every pool reads the document.
        var cityPool = await session.Query<Organisation>().Where(o => o.InCity() && o.Kind == OrganisationKind.City)
            .Select(o => o.Pool).FirstAsync(HttpContext.RequestAborted);
        await using var city = Store.QuerySession(cityPool);
        var events = await city.Events.FetchStreamAsync(id, token: HttpContext.RequestAborted);
        Versions = [.. events.Where(e => e.Data is CalendarYearPublished).Select(e =>
            (CalendarYear.From((CalendarYearPublished)e.Data), ((CalendarYearPublished)e.Data).PublishedAt, Guid.TryParse(e.UserName, out var by) ? by : (Guid?)null))
            .Reverse()];
        var ids = Versions.Select(v => v.By).OfType<Guid>().Distinct().ToList();
        if (ids.Count > 0)
            People = (await session.Query<User>().Where(u => u.InCity() && u.Id.IsOneOf(ids)).ToListAsync(HttpContext.RequestAborted))
                .ToDictionary(u => u.Id, u => u.DisplayName);
    }

    private static bool Blank(HolidayRow row) =>
        string.IsNullOrWhiteSpace(row.Name) && string.IsNullOrWhiteSpace(row.From) && string.IsNullOrWhiteSpace(row.To);

    private int FleetCalendarYear(int? year) =>
        year is { } asked && Fleet.Domain.Common.FleetCalendar.Holds(asked) ? asked : Today.Year;
}
