using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Organisations;
using Microsoft.AspNetCore.Mvc;
using CloseOrganisation = Fleet.Server.Organisations.Establishing.CloseOrganisation;
using EstablishDistrict = Fleet.Server.Organisations.Establishing.EstablishDistrict;
using EstablishUnit = Fleet.Server.Organisations.Establishing.EstablishUnit;
using RenameOrganisation = Fleet.Server.Organisations.Establishing.RenameOrganisation;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The organisations the pool serves, for its fleet admin: found by name or code a page at a time, a new unit set up,
/// and the one picked from the list renamed or closed — each the command the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminOrganisationsModel : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pageNumber")] public int? PageNumber { get; set; }

    /// <summary>The organisation being renamed or closed, picked from the list by its code.</summary>
    [BindProperty(SupportsGet = true, Name = "org")] public string? Selected { get; set; }

    [BindProperty] public string? NewCode { get; set; }
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public string? NewParentCode { get; set; }
    [BindProperty] public string? DistrictCode { get; set; }
    [BindProperty] public string? DistrictName { get; set; }

    public bool SetsUpDistricts => Me.OrganisationKind == OrganisationKind.City;

    public IReadOnlyList<Organisation> Listed { get; private set; } = [];
    public long Total { get; private set; }
    public Pager Pager { get; private set; } = new(1, 1, "/admin/organisations", null);
    public Organisation? Chosen { get; private set; }

    /// <summary>The open organisations of the pool a new unit can hang from.</summary>
    public IReadOnlyList<Organisation> Parents { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostEstablishAsync()
    {
        var established = await SendAsync(new EstablishUnit(new EstablishOrganisationForm(NewCode, NewName, NewParentCode)));
        return await AfterAsync(established.Accepted, "admin.unit_established", new { org = established.Value?.Code });
    }

    public async Task<IActionResult> OnPostEstablishDistrictAsync()
    {
        var established = await SendAsync(new EstablishDistrict(new EstablishOrganisationForm(DistrictCode, DistrictName, null)));
        return await AfterAsync(Scoped("district", established.Accepted), "admin.district_established", new { org = established.Value?.Code });
    }

    public async Task<IActionResult> OnPostRenameAsync(string code, string? name) =>
        await AfterAsync(Scoped("rename", (await SendAsync(new RenameOrganisation(code, new RenameOrganisationForm(name)))).Accepted), "admin.organisation_renamed", new { org = code });

    public async Task<IActionResult> OnPostCloseAsync(string code, string? reason) =>
        await AfterAsync(Scoped("close", (await SendAsync(new CloseOrganisation(code, new CloseOrganisationForm(reason)))).Accepted), "admin.organisation_closed", new { org = code });

    protected override async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        await using var read = Read();
        var page = Pager.Clamp(PageNumber);
        var query = OrganisationDirectory.Visible(read, Me);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            query = query.Where(o => o.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || o.Code.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        Total = await query.CountAsync(cancellation);
        Listed = await query.OrderBy(o => o.Closed).ThenBy(o => o.Code).Skip((page - 1) * Pager.Size).Take(Pager.Size).ToListAsync(cancellation);
        Pager = new Pager(page, Pager.Pages(Total), "/admin/organisations", Q);

        Parents = await read.Query<Organisation>().Where(o => !o.Closed && o.Pool == Me.Pool).OrderBy(o => o.Code).ToListAsync(cancellation);
        var parentCodes = Listed.Select(o => o.ParentCode).OfType<string>().Distinct().ToArray();
        // A district's parent is the city, which lives in the city's own pool: pools are named from the city's list.
        var pools = await PoolNames.OfCityAsync(Store, Me.Pool, cancellation);
        Names = (await OrganisationDirectory.Visible(read, Me).Where(o => parentCodes.Contains(o.Code)).ToListAsync(cancellation))
            .Concat(Parents).DistinctBy(o => o.Code).ToDictionary(o => o.Code, o => o.Name)
            .Concat(pools.Where(p => parentCodes.Contains(p.Key))).DistinctBy(p => p.Key).ToDictionary();
        NewParentCode ??= Parents.FirstOrDefault(o => o.Kind != OrganisationKind.Unit)?.Code;
        if (!string.IsNullOrWhiteSpace(Selected)) Chosen = await OrganisationDirectory.FindAsync(read, Me, Selected, cancellation);
    }
}
