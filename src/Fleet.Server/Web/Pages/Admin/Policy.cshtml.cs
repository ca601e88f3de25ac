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

    /// <summary>One row of the chain as the form shows it: a row without an office is no step.</summary>
    public sealed class StepRow
    {
        public string? Office { get; set; }
        public List<string> When { get; set; } = [];
        public int? PassengersOver { get; set; }
    }

    /// <summary>The chain's steps in order, with empty rows up to the most a chain may have.</summary>
    [BindProperty] public List<StepRow> Steps { get; set; } = [];

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
        Steps = [.. Current.Steps.Select(s => new StepRow { Office = s.Office.ToString(), When = [.. s.When], PassengersOver = s.PassengersOver })];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var start = ClockTime(WorkdayStart, "workdayStart");
        var end = ClockTime(WorkdayEnd, "workdayEnd");
        // Unticked boxes are simply not sent: what comes back can only be the names the form offered.
        var days = Workdays.Select(d => Enum.TryParse<IsoDayOfWeek>(d, out var day) ? day : IsoDayOfWeek.None).ToList();
        var classes = TwoLevelClasses.Select(c => Enum.TryParse<VehicleClass>(c, out var vehicleClass) ? vehicleClass : (VehicleClass)(-1)).ToList();
        var length = MaxHours is { } hours ? Duration.FromSeconds((long)decimal.Round(hours * 3600m)) : (Duration?)null;
        // Rows left without an office are no steps: the form comes back with the steps closed up, numbered as the
        // command numbered them in what it says of them.
        Steps = [.. Steps.Where(row => !string.IsNullOrEmpty(row.Office))];
        var steps = Steps.Select(row => new ApprovalStepForm(Enum.TryParse<ApprovalOffice>(row.Office, out var office) ? office : (ApprovalOffice)(-1),
            row.When, row.PassengersOver)).ToList();
        var form = new ChangeApprovalPolicyForm(Version, start, end, days, length, classes, steps);
        if (Errors.Count == 0 && (await SendAsync(new ChangeApprovalPolicy(form))).Accepted)
            return Done("admin.policy_changed");

        await LoadAsync();
        return Page();
    }

    public string Day(IsoDayOfWeek day) => Service<WebText>().Term(day);

    /// <summary>The form's rows: the chain's steps, then empty ones up to the most a chain may have.</summary>
    public IReadOnlyList<StepRow> StepRows => [.. Steps, .. Enumerable.Range(0, Math.Max(0, ApprovalChain.MaxSteps - Steps.Count)).Select(_ => new StepRow())];

    /// <summary>A step in words: whose approvers sign it, and when.</summary>
    public string StepWords(ApprovalStep step)
    {
        var t = Service<WebText>();
        var when = step.When.Select(c => t[Trips.TripDetailsModel.PolicyReasonKey(c)]).ToList();
        if (step.PassengersOver is { } most) when.Add(t.Format("admin.step_passengers_over", most));
        return t.Format("admin.step_words", t.Term(step.Office), string.Join(t.IsEnglish ? " or " : "或", when));
    }

    /// <summary>A length of time in hours, as the form asks for it: 4, 2.5, 0.25.</summary>
    public static decimal Hours(Duration length) => decimal.Round((decimal)length.TotalMinutes / 60m, 2);

    public static string HoursText(Duration length) => Hours(length).ToString("0.##", CultureInfo.InvariantCulture);

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Current = await ApprovalPolicyInForce.CurrentAsync(session, HttpContext.RequestAborted);
    }
}
