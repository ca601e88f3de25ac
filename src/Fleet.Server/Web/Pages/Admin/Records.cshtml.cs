using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Domain.Vehicles;
using Fleet.Server.Records.Cards;
using Fleet.Server.Records.FuelFigures;
using Fleet.Server.Records.Import;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// Records from outside for the pool's fleet admins: the import of an issuer's file with what became of each row, and
/// the pool's fuel and ETC cards with the form that registers one and a button to report one lost, with the same
/// commands the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminRecordsModel : WebPage
{
    /// <summary>Base64 makes the API's 32 MB of these.</summary>
    private const long MaxFileBytes = 24L * 1024 * 1024;

    [BindProperty] public string? Layout { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public Guid? VehicleId { get; set; }
    [BindProperty] public decimal? TankLitres { get; set; }
    [BindProperty] public decimal? LitresPer100Km { get; set; }

    public RecordImportReport? Report { get; private set; }
    public IReadOnlyList<RecordLayout> Layouts { get; private set; } = [];
    public IReadOnlyList<Card> Cards { get; private set; } = [];
    public IReadOnlyList<Vehicle> Vehicles { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        var t = Service<WebText>();
        if (file is null || file.Length == 0) Errors["file"] = t["records.choose_file"];
        else if (file.Length > MaxFileBytes) Errors["file"] = t["records.too_large"];
        if (Errors.Count == 0)
        {
            using var bytes = new MemoryStream();
            await file!.CopyToAsync(bytes, HttpContext.RequestAborted);
            var form = new ImportRecordsForm(Layout, file.FileName, Convert.ToBase64String(bytes.ToArray()));
            if (RecordFile.NotCsv(form) is not null) Errors["file"] = t["records.not_csv"];
            else
            {
                var imported = await SendAsync(new ImportRecords(form), lostRace: "records.imported_meanwhile");
                if (imported.Repeated) Errors[""] = t["records.imported_meanwhile"];
                Report = imported.Value?.In(Text);
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostBindAsync()
    {
        if ((await SendAsync(new BindCard(new BindCardForm(Kind, Number, VehicleId)))).Accepted) return Done("records.card_bound");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostFiguresAsync()
    {
        if (VehicleId is not { } vehicle) Errors["vehicleId"] = Service<WebText>()["records.choose_vehicle"];
        else if ((await SendAsync(new RecordFuelFigures(vehicle, new RecordFuelFiguresForm(TankLitres, LitresPer100Km)))).Accepted)
            return Done("records.figures_recorded");
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostMoveAsync(Guid id, Guid? toVehicleId, string? moveReason) =>
        AfterAsync(SendAsync(new MoveCard(id, new MoveCardForm(toVehicleId, moveReason))), "records.card_moved");

    public Task<IActionResult> OnPostReplaceAsync(Guid id, string? newNumber, string? replaceReason) =>
        AfterAsync(SendAsync(new ReplaceCard(id, new ReplaceCardForm(newNumber, replaceReason))), "records.card_replaced");

    public Task<IActionResult> OnPostLostAsync(Guid id, string? lostReason) =>
        AfterAsync(SendAsync(new ReportCardLost(id, new ReportCardLostForm(lostReason))), "records.card_lost");

    /// <summary>Every row of the file in order, with its result and the reason in words.</summary>
    public IEnumerable<(int Row, string Result, string Why)> Rows(RecordImportReport report)
    {
        var t = Service<WebText>();
        return report.Accepted.Select(row => (row, t["records.row_imported"], ""))
            .Concat(report.Repeated.Select(row => (row, t["records.row_repeated"], t["records.row_repeated_why"])))
            .Concat(report.Rejected.Select(r => (r.Row, t["records.row_refused"], r.Reason)))
            .OrderBy(r => r.Item1);
    }

    protected override async Task LoadAsync()
    {
        Layouts = Service<RecordLayouts>().All;
        await using var session = Read();
        Cards = (await ListCardsHandler.Handle(new ListCards(), session, HttpContext.RequestAborted)).Value ?? [];
        Vehicles = (await session.Query<Vehicle>().Where(v => v.Status == VehicleStatus.InService).ToListAsync(HttpContext.RequestAborted))
            .OrderBy(v => v.Plate, StringComparer.Ordinal).ToList();
    }
}
