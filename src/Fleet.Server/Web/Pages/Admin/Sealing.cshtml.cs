using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Sealing;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's holiday sealings for its fleet admins: those in force or to come, with a button to lift each, those past,
/// and the form that seals the cars over the next holiday, with the same commands the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminSealingModel : WebPage
{
    private static readonly LocalDatePattern Day = LocalDatePattern.Iso;

    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<PoolSealing> Sealings { get; private set; } = [];

    public LocalDate Today => Service<IClock>().GetCurrentInstant().InZone(Zone).Date;

    /// <summary>In force or to come: what lifting still changes.</summary>
    public IEnumerable<PoolSealing> Current => Sealings.Where(s => s.LiftedFrom is null && s.To >= Today);

    public IEnumerable<PoolSealing> Past => Sealings.Where(s => s.LiftedFrom is not null || s.To < Today);

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostSealAsync()
    {
        var form = new SealCarsForm(DateField(From, "from"), DateField(To, "to"), Reason);
        if (Errors.Count == 0 && (await SendAsync(new SealCars(form))).Accepted) return Done("admin.sealing_declared");
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostLiftAsync(Guid id, string? liftReason) =>
        AfterAsync(SendAsync(new LiftSealing(id, new LiftSealingForm(liftReason))), "admin.sealing_lifted");

    public string DayText(LocalDate? day) => day is { } d ? Day.Format(d) : "";

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Sealings = (await SealingsEndpoint.Get(session, HttpContext.RequestAborted)).Items;
    }
}
