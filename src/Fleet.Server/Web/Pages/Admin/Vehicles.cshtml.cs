using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Vehicles.Listing;
using Fleet.Server.Vehicles.Maintenance;
using Fleet.Server.Vehicles.Papers;
using Fleet.Server.Vehicles.Registering;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's vehicle registry for its fleet admin: every car with its papers and workshop bookings, registering a new
/// one, and for the car picked from the list its maintenance, inspection and insurance — the very commands the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminVehiclesModel : WebPage
{

    private static readonly LocalDatePattern Day = LocalDatePattern.Iso;

    /// <summary>The vehicle whose maintenance and papers are being kept, picked from the list.</summary>
    [BindProperty(SupportsGet = true, Name = "vehicle")] public Guid? Selected { get; set; }

    /// <summary>Part of a plate to look for (鄂AC12, c12), searched in the database.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")] public int? PageNumber { get; set; }

    public Pager Pager { get; private set; } = new(1, 1, "/admin/vehicles", null);

    [BindProperty] public string? NewPlate { get; set; }
    [BindProperty] public string? NewCategory { get; set; } = nameof(VehicleCategory.GeneralOfficial);
    [BindProperty] public string? NewClass { get; set; } = nameof(VehicleClass.Sedan);
    [BindProperty] public int? NewSeats { get; set; } = 5;
    [BindProperty] public string? NewEnergy { get; set; } = nameof(EnergyType.Gasoline);

    [BindProperty] public string? MaintenanceKind { get; set; } = nameof(Fleet.Domain.Vehicles.MaintenanceKind.Routine);
    [BindProperty] public string? MaintenanceStart { get; set; }
    [BindProperty] public string? MaintenanceEnd { get; set; }
    [BindProperty] public string? MaintenanceNote { get; set; }

    [BindProperty] public string? InspectedOn { get; set; }
    [BindProperty] public string? InspectionValidUntil { get; set; }
    [BindProperty] public string? CertificateNumber { get; set; }

    [BindProperty] public string? Insurer { get; set; }
    [BindProperty] public string? PolicyNumber { get; set; }
    [BindProperty] public string? InsuranceValidFrom { get; set; }
    [BindProperty] public string? InsuranceValidUntil { get; set; }

    public IReadOnlyList<VehicleSummary> Vehicles { get; private set; } = [];
    public long Total { get; private set; }

    /// <summary>Each listed vehicle's maintenance still to be done or under way, earliest first.</summary>
    public Dictionary<Guid, IReadOnlyList<MaintenanceWindow>> OpenMaintenance { get; } = [];

    public Vehicle? Chosen { get; private set; }

    public LocalDate Today => Clock.GetCurrentInstant().InZone(Zone).Date;

    public Task OnGetAsync()
    {
        var today = Today;
        var tomorrow = today.PlusDays(1);
        MaintenanceStart = Picker.Format(tomorrow.At(new LocalTime(8, 30)));
        MaintenanceEnd = Picker.Format(tomorrow.At(new LocalTime(17, 30)));
        InspectedOn = Day.Format(today);
        InspectionValidUntil = Day.Format(today.PlusYears(1));
        InsuranceValidFrom = Day.Format(today);
        InsuranceValidUntil = Day.Format(today.PlusYears(1).PlusDays(-1));
        return LoadAsync();
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        var form = new RegisterVehicleForm(NewPlate, NewCategory, NewClass, NewSeats, NewEnergy, HomePool: null);
        var registered = await SendAsync(new RegisterVehicle(form));
        return await AfterAsync(registered.Accepted, "admin.vehicle_registered", new { vehicle = registered.Value?.VehicleId });
    }

    public async Task<IActionResult> OnPostScheduleAsync(Guid vehicle)
    {
        var start = Moment(MaintenanceStart, "maintenance.start");
        var end = Moment(MaintenanceEnd, "maintenance.end");
        var accepted = Errors.Count == 0 && Scoped("maintenance",
            (await SendAsync(new ScheduleMaintenance(vehicle, new ScheduleMaintenanceForm(start, end, MaintenanceKind, MaintenanceNote)))).Accepted);
        return await AfterAsync(accepted, "admin.maintenance_scheduled", new { vehicle });
    }

    public async Task<IActionResult> OnPostStartAsync(Guid vehicle, Guid maintenance) =>
        await AfterAsync(Scoped(maintenance.ToString(), (await SendAsync(new StartMaintenance(vehicle, maintenance))).Accepted),
            "admin.maintenance_started", new { vehicle });

    public async Task<IActionResult> OnPostCompleteAsync(Guid vehicle, Guid maintenance, decimal? odometerKm) =>
        await AfterAsync(Scoped(maintenance.ToString(), (await SendAsync(new CompleteMaintenance(vehicle, maintenance, new CompleteMaintenanceForm(odometerKm)))).Accepted),
            "admin.maintenance_completed", new { vehicle });

    public async Task<IActionResult> OnPostCancelAsync(Guid vehicle, Guid maintenance, string? reason) =>
        await AfterAsync(Scoped(maintenance.ToString(), (await SendAsync(new CancelMaintenance(vehicle, maintenance, new CancelMaintenanceForm(reason)))).Accepted),
            "admin.maintenance_cancelled", new { vehicle });

    public async Task<IActionResult> OnPostInspectionAsync(Guid vehicle)
    {
        var inspectedOn = Date(InspectedOn, "inspection.inspectedOn");
        var validUntil = Date(InspectionValidUntil, "inspection.validUntil");
        var accepted = Errors.Count == 0 && Scoped("inspection",
            (await SendAsync(new RecordAnnualInspection(vehicle, new RecordAnnualInspectionForm(inspectedOn, validUntil, CertificateNumber)))).Accepted);
        return await AfterAsync(accepted, "admin.inspection_recorded", new { vehicle });
    }

    public async Task<IActionResult> OnPostInsuranceAsync(Guid vehicle)
    {
        var validFrom = Date(InsuranceValidFrom, "insurance.validFrom");
        var validUntil = Date(InsuranceValidUntil, "insurance.validUntil");
        var accepted = Errors.Count == 0 && Scoped("insurance",
            (await SendAsync(new RecordInsurance(vehicle, new RecordInsuranceForm(Insurer, PolicyNumber, validFrom, validUntil)))).Accepted);
        return await AfterAsync(accepted, "admin.insurance_recorded", new { vehicle });
    }

    /// <summary>A period as the city's clock shows it, its day written once when it starts and ends on the same day.</summary>
    public string Span(Interval period) =>
        period.Start.InZone(Zone).Date == period.End.InZone(Zone).Date
            ? $"{Local(period.Start)} – {LocalTime(period.End)}"
            : $"{Local(period.Start)} – {Local(period.End)}";

    /// <summary>Whether a date of the vehicle's papers has passed.</summary>
    public bool Lapsed(LocalDate? until) => until is { } date && date < Today;

    /// <summary>Whether a date of the vehicle's papers comes within the coming month.</summary>
    public bool EndingSoon(LocalDate? until) => until is { } date && date >= Today && date <= Today.PlusDays(Expiring.Days);

    protected override async Task LoadAsync()
    {
        var number = Pager.Clamp(PageNumber);
        var page = await AskAsync(new ListVehicles(Q: Q, Page: number, PageSize: Pager.Size, Sort: "plate"));
        Vehicles = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;
        Pager = new Pager(number, Pager.Pages(Total), "/admin/vehicles", Q);

        await using var read = Read();
        var ids = Vehicles.Select(v => v.Id).Append(Selected ?? Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToArray();
        foreach (var vehicle in await read.LoadManyAsync<Vehicle>(HttpContext.RequestAborted, ids))
        {
            OpenMaintenance[vehicle.Id] = vehicle.MaintenanceWindows.Where(w => w.IsOpen).OrderBy(w => w.Planned.Start).ToList();
            if (vehicle.Id == Selected) Chosen = vehicle;
        }
    }

    private LocalDate? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = Day.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        Errors[field] = Service<WebText>()["admin.date_unreadable"];
        return null;
    }
}
