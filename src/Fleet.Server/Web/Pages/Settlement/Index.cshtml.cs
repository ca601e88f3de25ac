using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Server.Settlement.Statements;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Settlement;

/// <summary>
/// The monthly statements (结算单) someone may read: for the pool's fleet admins every unit's, with the form that issues a
/// unit's month; for a unit's people their own, each linked to the page where its head confirms or disputes it.
/// </summary>
[Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)},{nameof(Role.Approver)},{nameof(Role.Clerk)}")]
public sealed class StatementsModel : WebPage
{
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Month { get; set; }

    public IReadOnlyList<UnitStatement> Statements { get; private set; } = [];
    public IReadOnlyDictionary<string, string> UnitNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The month just over: what an admin settles next.</summary>
    public string LastMonth => UnitStatement.MonthPattern.Format(Clock.GetCurrentInstant().InZone(Zone).Date.PlusMonths(-1));

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Month ??= LastMonth;
    }

    public Task<IActionResult> OnPostIssueAsync() =>
        AfterAsync(SendAsync(new IssueStatement(new IssueStatementForm(Unit, Month))), "settlement.issued");

    public string UnitName(string code) => UnitNames.TryGetValue(code, out var name) ? name : code;

    protected override async Task LoadAsync()
    {
        Statements = await AskAsync(new ListStatements()) ?? [];
        UnitNames = await UnitNamesAsync();
    }
}
