using System.Globalization;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Trips.Approving;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's approval policy for its fleet admin: the version in force, and the form that puts the next one in force
/// with the same command the API sends. The form carries the version it creates, so that two admins changing it at once find out.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminPolicyModel : WebPage
{
    /// <summary>The days in the order a week is read where the fleet is: Monday first.</summary>
    public static readonly IReadOnlyList<IsoDayOfWeek> Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday,
        IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? WorkdayStart { get; set; }
    [BindProperty] public string? WorkdayEnd { get; set; }
    [BindProperty] public List<string> Workdays { get; set; } = [];
    [BindProperty] public decimal? MaxHours { get; set; }
    [BindProperty] public List<string> TwoLevelClasses { get; set; } = [];

    public ApprovalPolicy Current { get; private set; } = ApprovalPolicy.Default;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Version = Current.Version + 1;
        WorkdayStart = ClockMinutes.Format(Current.WorkdayStart);
        WorkdayEnd = ClockMinutes.Format(Current.WorkdayEnd);
        Workdays = [.. Current.Workdays.Select(d => d.ToString())];
        MaxHours = Hours(Current.MaxAutoApprovedLength);
        TwoLevelClasses = [.. Current.TwoLevelClasses.Select(c => c.ToString())];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var start = ClockTime(WorkdayStart, "workdayStart");
        var end = ClockTime(WorkdayEnd, "workdayEnd");
        // Unticked boxes are simply not sent: what comes back can only be the names the form offered.
        var days = Workdays.Select(d => Enum.TryParse<IsoDayOfWeek>(d, out var day) ? day : IsoDayOfWeek.None).ToList();
        var classes = TwoLevelClasses.Select(c => Enum.TryParse<VehicleClass>(c, out var vehicleClass) ? vehicleClass : (VehicleClass)(-1)).ToList();
        var length = MaxHours is { } hours ? Duration.FromSeconds((long)decimal.Round(hours * 3600m)) : (Duration?)null;
        var form = new ChangeApprovalPolicyForm(Version, start, end, days, length, classes);
        if (Errors.Count == 0 && (await SendAsync(new ChangeApprovalPolicy(form))).Accepted)
            return Done("admin.policy_changed");

        await LoadAsync();
        return Page();
    }

    public string Day(IsoDayOfWeek day) => Service<WebText>().Term(day);

    /// <summary>A length of time in hours, as the form asks for it: 4, 2.5, 0.25.</summary>
    public static decimal Hours(Duration length) => decimal.Round((decimal)length.TotalMinutes / 60m, 2);

    public static string HoursText(Duration length) => Hours(length).ToString("0.##", CultureInfo.InvariantCulture);

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Current = await ApprovalPolicyInForce.CurrentAsync(session, HttpContext.RequestAborted);
    }
}
