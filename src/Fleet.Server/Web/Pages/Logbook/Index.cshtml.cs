using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Server.Reports.Logbook;
using Microsoft.AspNetCore.Mvc;
using Fleet.Server.Scheduling;

namespace Fleet.Server.Web.Pages.Logbook;

/// <summary>The electronic logbook of one car or one driver for a month, with the paper form to print and the CSV to download.</summary>
[Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
public sealed class LogbookModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid? VehicleId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? DriverId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public IReadOnlyList<Vehicle> Vehicles { get; private set; } = [];
    public IReadOnlyList<Fleet.Domain.Drivers.Driver> Drivers { get; private set; } = [];
    public LogbookPage? Book { get; private set; }

    /// <summary>The same choice as a query string, for the print and CSV links.</summary>
    public string Query => $"{(VehicleId is { } v ? $"vehicleId={v}" : $"driverId={DriverId}")}&month={Month}";

    public async Task OnGetAsync()
    {
        Month ??= Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().ToString("uuuu-MM", null);
        await using (var session = Read())
        {
            var roster = await Service<PoolRoster>().ForAsync(session, Clock.GetCurrentInstant(), HttpContext.RequestAborted);
            Vehicles = roster.Vehicles.OrderBy(v => v.Plate, StringComparer.Ordinal).ToList();
            Drivers = roster.Drivers.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        }

        if (VehicleId is null && DriverId is null) return;
        Book = await AskAsync(new GetLogbook(VehicleId, DriverId, Month));
    }
}
