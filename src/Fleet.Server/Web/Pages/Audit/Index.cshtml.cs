using Fleet.Domain.People;
using Fleet.Server.Reports.AuditTrail;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Audit;

/// <summary>The audit trail: everything that happened to one record, or what one person did between two moments.</summary>
[Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
public sealed class AuditModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid? Record { get; set; }
    [BindProperty(SupportsGet = true)] public string? Login { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long Total { get; private set; }
    public bool Searched { get; private set; }

    public async Task OnGetAsync()
    {
        if (Record is { } id)
        {
            Searched = true;
            Entries = await AskAsync(new GetAuditTrailOfRecord(id)) ?? [];
            Total = Entries.Count;
            return;
        }

        if (string.IsNullOrWhiteSpace(Login) && string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To)) return;
        Searched = true;
        Guid? actor = null;
        if (!string.IsNullOrWhiteSpace(Login))
        {
            await using var session = Read();
            var login = Login.Trim().ToLowerInvariant();
            actor = (await session.Query<User>().Where(u => u.AnyTenant() && u.LoginName == login).Select(u => u.Id).ToListAsync(HttpContext.RequestAborted))
                .Cast<Guid?>().FirstOrDefault();
            if (actor is null)
            {
                Errors["login"] = Service<WebText>().Format("audit.unknown_login", Login);
                return;
            }
        }

        var page = await AskAsync(new SearchAuditTrail(actor, From, To, 1, 200));
        Entries = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;
    }
}
