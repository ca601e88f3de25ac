using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Domain.Vehicles;
using Fleet.Server.Settlement.Rates;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's rate card for its fleet admins: the version in force, and the next one filled in class by class; a class left
/// empty is not charged for, and a trip in a car of that class stops the month's statement until it is.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminRatesModel : WebPage
{
    /// <summary>One class's line of the form.</summary>
    public sealed class RateRow
    {
        public VehicleClass Class { get; set; }
        public decimal? PerKm { get; set; }
        public decimal? PerHour { get; set; }
        public decimal? HalfDay { get; set; }
        public decimal? Day { get; set; }
        public decimal? WaitingPerHour { get; set; }
        public decimal? WithDriverPerDay { get; set; }

        public bool Empty => PerKm is null && PerHour is null && HalfDay is null && Day is null && WaitingPerHour is null && WithDriverPerDay is null;
    }

    [BindProperty] public int? Version { get; set; }
    [BindProperty] public List<RateRow> Rows { get; set; } = [];

    public RateCard Current { get; private set; } = RateCard.None;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Version = Current.Version + 1;
        Rows =
        [
            .. Enum.GetValues<VehicleClass>().Select(c => Current.RateOf(c) is { } r
                ? new RateRow { Class = c, PerKm = r.PerKm, PerHour = r.PerHour, HalfDay = r.HalfDay, Day = r.Day, WaitingPerHour = r.WaitingPerHour, WithDriverPerDay = r.WithDriverPerDay }
                : new RateRow { Class = c }),
        ];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var rates = Rows.Where(r => !r.Empty)
            .Select(r => new ClassRateForm(r.Class, r.PerKm, r.PerHour, r.HalfDay, r.Day, r.WaitingPerHour, r.WithDriverPerDay)).ToList();
        if ((await SendAsync(new ChangeRateCard(new ChangeRateCardForm(Version, rates)))).Accepted) return Done("settlement.rates_changed");
        await LoadAsync();
        return Page();
    }

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Current = await RateCardInForce.CurrentAsync(session, HttpContext.RequestAborted);
    }
}
