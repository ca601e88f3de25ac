using Fleet.Domain.People;
using Fleet.Server.Reports.AuditTrail;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Audit;

/// <summary>The audit trail: everything that happened to one record, or what one person did between two days, newest first.</summary>
[Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
public sealed class AuditModel : WebPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public Guid? Record { get; set; }
    [BindProperty(SupportsGet = true)] public string? Login { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long Total { get; private set; }
    public bool Searched { get; private set; }
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyDictionary<string, string> PoolNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        PoolNames = await Web.PoolNames.OfCityAsync(Store, Me.Pool, HttpContext.RequestAborted);
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
            actor = (await session.Query<User>().Where(u => u.InCity() && u.LoginName == login).Select(u => u.Id).ToListAsync(HttpContext.RequestAborted))
                .Cast<Guid?>().FirstOrDefault();
            if (actor is null)
            {
                Errors["login"] = Service<WebText>().Format("audit.unknown_login", Login);
                return;
            }
        }

        var page = await AskAsync(new SearchAuditTrail(actor, From, To, Math.Max(1, PageNumber), PageSize));
        Entries = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;
    }

    /// <summary>The roles stored with an event, as the reader calls them.</summary>
    public string RolesOf(AuditEntry entry) =>
        entry.Roles is null ? "—" : Service<WebText>().List(
            entry.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(role => Enum.TryParse<Role>(role, out var known) ? Service<WebText>().Term(known) : role));

    public string PoolOf(AuditEntry entry) => PoolNames.GetValueOrDefault(entry.Pool, entry.Pool);

    public IReadOnlyList<(string Label, string Value)> DetailsOf(AuditEntry entry) => AuditDetails.Of(entry.Data, Text, Service<WebText>(), Zone, PoolNames);

    public string PageLink(int page) =>
        $"/audit?login={Uri.EscapeDataString(Login ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&page={page}";
}
