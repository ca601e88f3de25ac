using Microsoft.AspNetCore.Mvc;
using Fleet.Domain.Calendar;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Logbook;
using Fleet.Server.Calendar;

namespace Fleet.Server.Web.Pages;

/// <summary>What needs the signed-in person's attention, by role: a count and the page to deal with it.</summary>
public sealed class IndexModel : WebPage
{
    public sealed record Item(string Label, int Count, string Link);

    public List<Item> Attention { get; } = [];

    /// <summary>For a fleet admin: the papers that have ended or end within the month, soonest first.</summary>
    public IReadOnlyList<Admin.Expiring.Paper> Expiring { get; private set; } = [];

    public LocalDate Today { get; private set; }

    /// <summary>
    /// For a fleet admin: this year, and from November (when the State Council publishes the next year's holidays) next
    /// year too, when the city has published no working calendar for it.
    /// </summary>
    public IReadOnlyList<int> YearsWithoutCalendar { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        // The province's supervisors have one page: every city side by side.
        if (Me.SeesWholeProvince) return Redirect("/province");
        await using var session = Read();
        var me = Me;
        var now = Clock.GetCurrentInstant();
        var today = now.InZone(Zone).Date;
        Today = today;
        var tomorrow = Zone.AtStartOfDay(today.PlusDays(1)).ToInstant();
        var unitTrips = session.Query<Trip>().Where(t => t.UnitCode == me.OrganisationCode);

        if (Is(Role.Clerk))
        {
            Attention.Add(new("home.clerk_to_confirm", await unitTrips.CountAsync(t => t.Status == TripStatus.Completed && t.RequestedBy == me.UserId), "/trips?status=Completed&mine=true"));
            Attention.Add(new("home.clerk_upcoming", await unitTrips.CountAsync(t =>
                (t.Status == TripStatus.Requested || t.Status == TripStatus.Approved || t.Status == TripStatus.Dispatched || t.Status == TripStatus.Accepted ||
                 t.Status == TripStatus.InProgress) && t.RequestedBy == me.UserId), "/trips?open=true&mine=true"));
        }

        if (Is(Role.Approver))
        {
            Attention.Add(new("home.approver_inbox", await unitTrips.CountAsync(t =>
                t.Status == TripStatus.Requested && t.RequestedBy != me.UserId && !t.Approvals.Contains(me.UserId)), "/approvals"));
            Attention.Add(new("home.approver_reviews", await unitTrips.CountAsync(t => t.FlaggedForReview && t.ReviewOutcome == null), "/approvals"));
        }

        if (Is(Role.Dispatcher))
        {
            Attention.Add(new("home.dispatch_waiting", await session.Query<Trip>().CountAsync(t => t.Status == TripStatus.Approved && t.Details.End > now),
                "/dispatch"));
            Attention.Add(new("home.dispatch_today", await session.Query<Trip>().CountAsync(t =>
                (t.Status == TripStatus.Dispatched || t.Status == TripStatus.Accepted || t.Status == TripStatus.InProgress) && t.Details.Start < tomorrow),
                "/dispatch"));
        }

        if (Is(Role.Driver))
        {
            var driver = await session.Query<Fleet.Domain.Drivers.Driver>().Where(d => d.UserId == me.UserId).Select(d => d.Id).ToListAsync();
            var mine = driver.Count == 0 ? 0 : await session.Query<Trip>().CountAsync(t => t.Assignment != null && t.Assignment.DriverId == driver[0] &&
                (t.Status == TripStatus.Dispatched || t.Status == TripStatus.Accepted || t.Status == TripStatus.InProgress));
            Attention.Add(new("home.driver_assignments", mine, "/driver"));
        }

        if (Is(Role.Supervisor) || Is(Role.FleetAdmin))
        {
            var monthStart = Zone.AtStartOfDay(today.With(DateAdjusters.StartOfMonth)).ToInstant();
            Attention.Add(new("home.month_trips", await session.Query<LogbookEntry>().CountAsync(e => e.DepartedAt >= monthStart), "/reports"));
            Attention.Add(new("home.month_disputes", await session.Query<LogbookEntry>().CountAsync(e => e.DepartedAt >= monthStart && e.Disputed), "/reports"));
        }

        if (Is(Role.FleetAdmin))
        {
            Expiring = await Admin.Expiring.PapersAsync(session, today, HttpContext.RequestAborted);
            var last = today.Month >= 11 ? today.Year + 1 : today.Year;
            var calendar = await CalendarInForce.ForAsync(session, today.Year, last, HttpContext.RequestAborted);
            YearsWithoutCalendar = [.. Enumerable.Range(today.Year, last - today.Year + 1).Where(y => calendar.KindOf(new LocalDate(y, 1, 1)) == DayKind.Unknown)];
        }

        return Page();
    }
}
