using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using Microsoft.AspNetCore.Mvc;
using CorrectOdometer = Fleet.Server.Vehicles.Odometer.CorrectOdometer;
using DisposeOfVehicle = Fleet.Server.Vehicles.Disposal.DisposeOfVehicle;
using ReadOdometer = Fleet.Server.Vehicles.Odometer.ReadOdometer;
using BindTerminal = Fleet.Server.Positions.Terminals.BindTerminal;
using ReplaceTerminal = Fleet.Server.Positions.Terminals.ReplaceTerminal;
using UnbindTerminal = Fleet.Server.Positions.Terminals.UnbindTerminal;
using RetireVehicle = Fleet.Server.Vehicles.Disposal.RetireVehicle;
using TransferVehicle = Fleet.Server.Vehicles.Transfer.TransferVehicle;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// One vehicle of the pool in words, for its fleet admin: its papers, odometer, status and workshop bookings, and the
/// steps of its life the admin takes — reading and correcting the odometer, fitting, swapping and taking off its satellite
/// terminal, retiring, disposing of it, handing it to another pool — each the command the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminVehicleModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public Vehicle? Car { get; private set; }

    /// <summary>The other pools of the city a vehicle can be handed to, by name.</summary>
    public IReadOnlyList<Organisation> Pools { get; private set; } = [];

    public LocalDate Today => Clock.GetCurrentInstant().InZone(Zone).Date;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Car is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostReadAsync(decimal? kilometres) =>
        await AfterAsync(Scoped("read", (await SendAsync(new ReadOdometer(Id, new ReadOdometerForm(kilometres)))).Accepted), "admin.odometer_read", new { Id });

    public async Task<IActionResult> OnPostCorrectAsync(decimal? kilometres, string? reason) =>
        await AfterAsync(Scoped("correct", (await SendAsync(new CorrectOdometer(Id, new CorrectOdometerForm(kilometres, reason)))).Accepted), "admin.odometer_corrected", new { Id });

    public async Task<IActionResult> OnPostBindTerminalAsync(string? terminal, string? imei, string? model) =>
        await AfterAsync(Scoped("bind", (await SendAsync(new BindTerminal(Id, new BindTerminalForm(terminal, imei, model)))).Accepted), "admin.terminal_bound",
            new { Id });

    public async Task<IActionResult> OnPostReplaceTerminalAsync(string? terminal, string? imei, string? model, string? reason) =>
        await AfterAsync(Scoped("replace", (await SendAsync(new ReplaceTerminal(Id, new ReplaceTerminalForm(terminal, imei, model, reason)))).Accepted),
            "admin.terminal_replaced", new { Id });

    public async Task<IActionResult> OnPostUnbindTerminalAsync(string? reason) =>
        await AfterAsync(Scoped("unbind", (await SendAsync(new UnbindTerminal(Id, new UnbindTerminalForm(reason)))).Accepted), "admin.terminal_unbound",
            new { Id });

    public async Task<IActionResult> OnPostRetireAsync(string? reason) =>
        await AfterAsync(Scoped("retire", (await SendAsync(new RetireVehicle(Id, new RetireVehicleForm(reason)))).Accepted), "admin.vehicle_retired", new { Id });

    public async Task<IActionResult> OnPostDisposeAsync(string? method, string? documentNumber) =>
        await AfterAsync(Scoped("dispose", (await SendAsync(new DisposeOfVehicle(Id, new DisposeOfVehicleForm(method, documentNumber)))).Accepted), "admin.vehicle_disposed",
            new { Id });

    public async Task<IActionResult> OnPostTransferAsync(string? toPool, string? reason)
    {
        if (!Scoped("transfer", (await SendAsync(new TransferVehicle(Id, new TransferVehicleForm(toPool, reason)))).Accepted))
        {
            await LoadAsync();
            return Page();
        }

        // The vehicle now belongs to the other pool: its record is no longer this admin's to open.
        TempData["Notice"] = Service<WebText>()["admin.vehicle_transferred"];
        return RedirectToPage("/Admin/Vehicles");
    }

    public bool Lapsed(LocalDate? until) => until is { } date && date < Today;

    /// <summary>Papers that end within the coming month: the admin renews them before dispatch has to refuse the car.</summary>
    public bool EndingSoon(LocalDate? until) => until is { } date && date >= Today && date <= Today.PlusDays(Expiring.Days);

    public string Span(Interval period) =>
        period.Start.InZone(Zone).Date == period.End.InZone(Zone).Date
            ? $"{Local(period.Start)} – {LocalTime(period.End)}"
            : $"{Local(period.Start)} – {Local(period.End)}";

    protected override async Task LoadAsync()
    {
        await using var read = Read();
        Car = await read.LoadAsync<Vehicle>(Id, HttpContext.RequestAborted);
        Pools = await Expiring.OtherPoolsAsync(read, Me.Pool, HttpContext.RequestAborted);
    }
}
