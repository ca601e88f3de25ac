using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Server.Drivers.Leave;
using Fleet.Server.Drivers.Listing;
using Fleet.Server.Drivers.Registering;
using Fleet.Server.Drivers.Suspension;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;
using DriverRecord = Fleet.Domain.Drivers.Driver;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's drivers for its fleet admin: who may drive what and until when, registering a new one, and for the driver
/// picked from the list their leave and suspension — the very commands the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminDriversModel : WebPage
{

    /// <summary>The driver whose leave and duty are being kept, picked from the list.</summary>
    [BindProperty(SupportsGet = true, Name = "driver")] public Guid? Selected { get; set; }

    /// <summary>Part of a name or licence number to look for, searched in the database.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")] public int? PageNumber { get; set; }

    public Pager Pager { get; private set; } = new(1, 1, "/admin/drivers", null);

    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public List<string?> NewLicenceClasses { get; set; } = [];
    [BindProperty] public string? NewLicenceNumber { get; set; }
    [BindProperty] public string? NewLicenceExpiresOn { get; set; }
    [BindProperty] public string? NewMobile { get; set; }

    [BindProperty] public string? LeaveKind { get; set; } = nameof(Fleet.Domain.Drivers.LeaveKind.Annual);
    [BindProperty] public string? LeaveStart { get; set; }
    [BindProperty] public string? LeaveEnd { get; set; }
    [BindProperty] public string? LeaveNote { get; set; }

    public IReadOnlyList<DriverRecord> Drivers { get; private set; } = [];
    public long Total { get; private set; }
    public DriverRecord? Chosen { get; private set; }

    public Instant Now => Clock.GetCurrentInstant();

    public LocalDate Today => Now.InZone(Zone).Date;

    /// <summary>A driver's leave that is not over and not cancelled, earliest first: what dispatch still plans around.</summary>
    public IReadOnlyList<LeaveWindow> Coming(DriverRecord driver) =>
        driver.Leave.Where(w => !w.Cancelled && (!w.Period.HasEnd || w.Period.End > Now)).OrderBy(w => w.Period.Start).ToList();

    /// <summary>A period as the city's clock shows it, its day written once when it starts and ends on the same day.</summary>
    public string Span(Interval period) =>
        period.Start.InZone(Zone).Date == period.End.InZone(Zone).Date
            ? $"{Local(period.Start)} – {LocalTime(period.End)}"
            : $"{Local(period.Start)} – {Local(period.End)}";

    public Task OnGetAsync()
    {
        // A first guess the admin usually only nudges: the whole of tomorrow.
        var tomorrow = Today.PlusDays(1);
        LeaveStart = Picker.Format(tomorrow.AtMidnight());
        LeaveEnd = Picker.Format(tomorrow.PlusDays(1).AtMidnight());
        return LoadAsync();
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        var form = new RegisterDriverForm(NewName, Pool: null, NewLicenceClasses, NewLicenceNumber, NewLicenceExpiresOn, NewMobile);
        var registered = await SendAsync(new RegisterDriver(form));
        return await AfterAsync(registered.Accepted, "admin.driver_registered", new { driver = registered.Value?.DriverId });
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid driver)
    {
        var start = Moment(LeaveStart, "leave.start");
        var end = Moment(LeaveEnd, "leave.end");
        var accepted = Errors.Count == 0 && Scoped("leave", (await SendAsync(new ScheduleDriverLeave(driver, new ScheduleDriverLeaveForm(start, end, LeaveKind, LeaveNote)))).Accepted);
        return await AfterAsync(accepted, "admin.leave_scheduled", new { driver });
    }

    public async Task<IActionResult> OnPostCancelLeaveAsync(Guid driver, Guid leave, string? reason) =>
        await AfterAsync(Scoped(leave.ToString(), (await SendAsync(new CancelDriverLeave(driver, leave, new CancelDriverLeaveForm(reason)))).Accepted),
            "admin.leave_cancelled", new { driver });

    public async Task<IActionResult> OnPostSuspendAsync(Guid driver, string? reason) =>
        await AfterAsync(Scoped("suspend", (await SendAsync(new SuspendDriver(driver, new SuspendDriverForm(reason)))).Accepted), "admin.driver_suspended", new { driver });

    public async Task<IActionResult> OnPostReinstateAsync(Guid driver, string? reason) =>
        await AfterAsync(Scoped("reinstate", (await SendAsync(new ReinstateDriver(driver, new ReinstateDriverForm(reason)))).Accepted), "admin.driver_reinstated", new { driver });

    protected override async Task LoadAsync()
    {
        var number = Pager.Clamp(PageNumber);
        var page = await AskAsync(new ListDrivers(Q: Q, Page: number, PageSize: Pager.Size, Sort: "name"));
        Drivers = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;
        Pager = new Pager(number, Pager.Pages(Total), "/admin/drivers", Q);
        if (Selected is { } id)
        {
            await using var read = Read();
            Chosen = Drivers.FirstOrDefault(d => d.Id == id) ?? await read.LoadAsync<DriverRecord>(id, HttpContext.RequestAborted);
        }
    }
}
