using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;
using Account = Fleet.Domain.People.User;
using DriverRecord = Fleet.Domain.Drivers.Driver;
using LinkDriverAccount = Fleet.Server.Drivers.Account.LinkDriverAccount;
using RecordDriverDeparture = Fleet.Server.Drivers.Departure.RecordDriverDeparture;
using RecordDriverPhone = Fleet.Server.Drivers.Phone.RecordDriverPhone;
using RenewDriverLicence = Fleet.Server.Drivers.Licence.RenewDriverLicence;
using TransferDriver = Fleet.Server.Drivers.Transfer.TransferDriver;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// One driver of the pool in words, for its fleet admin: licence, status, leave and the account they sign in with, and
/// the steps the admin takes — renewing the licence, changing the mobile number, linking an account, handing the driver to another pool, recording
/// that they left service — each the command the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminDriverModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    [BindProperty] public List<string?> LicenceClasses { get; set; } = [];
    [BindProperty] public string? LicenceExpiresOn { get; set; }

    public DriverRecord? Person { get; private set; }

    /// <summary>The account linked now, if any.</summary>
    public Account? Linked { get; private set; }

    /// <summary>The pool's active driver accounts no other driver signs in with.</summary>
    public IReadOnlyList<Account> FreeAccounts { get; private set; } = [];

    public IReadOnlyList<Organisation> Pools { get; private set; } = [];

    public Instant Now => Clock.GetCurrentInstant();

    public LocalDate Today => Now.InZone(Zone).Date;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        if (Person is null) return NotFound();
        LicenceClasses = [.. Person.LicenceClasses.Select(c => (string?)c.ToString())];
        LicenceExpiresOn = Person.LicenceExpiresOn.PlusYears(6).ToString("uuuu-MM-dd", null);
        return Page();
    }

    public async Task<IActionResult> OnPostLicenceAsync() =>
        await AfterAsync(Scoped("licence", (await SendAsync(new RenewDriverLicence(Id, new RenewDriverLicenceForm(LicenceClasses, LicenceExpiresOn)))).Accepted),
            "admin.licence_renewed", new { Id });

    public async Task<IActionResult> OnPostPhoneAsync(string? phone) =>
        await AfterAsync(Scoped("phone", (await SendAsync(new RecordDriverPhone(Id, new RecordDriverPhoneForm(phone)))).Accepted), "admin.phone_recorded", new { Id });

    public async Task<IActionResult> OnPostAccountAsync(Guid? userId) =>
        await AfterAsync(Scoped("account", (await SendAsync(new LinkDriverAccount(Id, new LinkDriverAccountForm(userId)))).Accepted), "admin.account_linked", new { Id });

    public async Task<IActionResult> OnPostDepartureAsync(string? reason) =>
        await AfterAsync(Scoped("departure", (await SendAsync(new RecordDriverDeparture(Id, new RecordDriverDepartureForm(reason)))).Accepted), "admin.driver_left", new { Id });

    public async Task<IActionResult> OnPostTransferAsync(string? toPool, string? reason)
    {
        if (!Scoped("transfer", (await SendAsync(new TransferDriver(Id, new TransferDriverForm(toPool, reason)))).Accepted))
        {
            await LoadAsync();
            return Page();
        }

        // The driver now serves the other pool: their record is no longer this admin's to open.
        TempData["Notice"] = Service<WebText>()["admin.driver_transferred"];
        return RedirectToPage("/Admin/Drivers");
    }

    /// <summary>A driver's leave that is not over and not cancelled, earliest first.</summary>
    public IReadOnlyList<LeaveWindow> Coming =>
        Person?.Leave.Where(w => !w.Cancelled && (!w.Period.HasEnd || w.Period.End > Now)).OrderBy(w => w.Period.Start).ToList() ?? [];

    public string Span(Interval period) =>
        period.Start.InZone(Zone).Date == period.End.InZone(Zone).Date
            ? $"{Local(period.Start)} – {LocalTime(period.End)}"
            : $"{Local(period.Start)} – {Local(period.End)}";

    protected override async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        await using var read = Read();
        Person = await read.LoadAsync<DriverRecord>(Id, cancellation);
        if (Person is null) return;
        if (Person.UserId is { } linked) Linked = await read.LoadAsync<Account>(linked, cancellation);

        var taken = (await read.Query<DriverRecord>().Where(d => d.UserId != null && d.Id != Id).ToListAsync(cancellation))
            .Select(d => d.UserId!.Value).ToHashSet();
        var accounts = await read.Query<Account>().Where(u => u.Active && u.Roles.Contains(Role.Driver)).OrderBy(u => u.LoginName)
            .ToListAsync(cancellation);
        FreeAccounts = accounts.Where(a => !taken.Contains(a.Id)).ToList();
        Pools = await Expiring.OtherPoolsAsync(read, Me.Pool, cancellation);
    }
}
