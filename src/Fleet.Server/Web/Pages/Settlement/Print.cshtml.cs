using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Server.Settlement.Statements;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Settlement;

/// <summary>The printable form of a statement's current version (结算单), with lines for the signatures of both sides.</summary>
[Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)},{nameof(Role.Approver)},{nameof(Role.Clerk)}")]
public sealed class StatementPrintModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public UnitStatement Statement { get; private set; } = null!;
    public string UnitName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AskAsync(new GetStatement(Id)) is not { } statement) return NotFound();
        Statement = statement;
        UnitName = (await UnitNamesAsync()).GetValueOrDefault(statement.UnitCode, statement.UnitCode);
        return Page();
    }
}
