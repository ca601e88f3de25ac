using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Server.Settlement.Statements;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Settlement;

/// <summary>
/// One unit's statement of a month: the current version's lines and totals, every earlier version with what became of it,
/// and what the reader may do: the unit's head confirms or disputes the current version, the pool's fleet admin corrects
/// it; the Excel file and the printable form of it.
/// </summary>
[Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)},{nameof(Role.Approver)},{nameof(Role.Clerk)}")]
public sealed class StatementModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public UnitStatement? Statement { get; private set; }
    public string UnitName { get; private set; } = "";

    /// <summary>The unit's head answers a version nobody answered yet.</summary>
    public bool MayAnswer => Statement is { Current.Status: StatementStatus.Issued } s && Is(Role.Approver) && Me.OrganisationCode == s.UnitCode;

    /// <summary>The admin corrects a statement until the unit confirms it.</summary>
    public bool MayCorrect => Statement is { Current.Status: not StatementStatus.Confirmed } && Is(Role.FleetAdmin);

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Statement is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostConfirmAsync(int version) =>
        AfterAsync(SendAsync(new ConfirmStatement(Id, new ConfirmStatementForm(version))), "settlement.confirmed", new { Id });

    public Task<IActionResult> OnPostDisputeAsync(int version, string? reason) =>
        AfterAsync(SendAsync(new DisputeStatement(Id, new DisputeStatementForm(version, reason))), "settlement.disputed", new { Id });

    public Task<IActionResult> OnPostCorrectAsync(int version, string? reason) =>
        AfterAsync(SendAsync(new CorrectStatement(Id, new CorrectStatementForm(version, reason))), "settlement.corrected", new { Id });

    protected override async Task LoadAsync()
    {
        Statement = await AskAsync(new GetStatement(Id));
        if (Statement is not null) UnitName = (await UnitNamesAsync()).GetValueOrDefault(Statement.UnitCode, Statement.UnitCode);
    }
}
