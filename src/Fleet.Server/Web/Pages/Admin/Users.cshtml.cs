using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Organisations;
using Fleet.Server.People.Administering;
using Microsoft.AspNetCore.Mvc;
using Account = Fleet.Domain.People.User;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The accounts of the people the pool serves, for its fleet admin: registering one with its roles, and for the account
/// picked from the list changing its roles, deactivating or reactivating it — each the same command the API sends.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminUsersModel : WebPage
{

    /// <summary>The account being changed, picked from the list.</summary>
    [BindProperty(SupportsGet = true, Name = "user")] public Guid? Selected { get; set; }

    /// <summary>Part of a login or a person's name to look for, searched in the database.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")] public int? PageNumber { get; set; }

    public Pager Pager { get; private set; } = new(1, 1, "/admin/users", null);

    [BindProperty] public string? NewLoginName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public string? NewOrganisationCode { get; set; }
    [BindProperty] public List<string> NewRoles { get; set; } = [];
    [BindProperty] public string? NewPassword { get; set; }

    public IReadOnlyList<Account> Accounts { get; private set; } = [];
    public long Total { get; private set; }
    public Account? Chosen { get; private set; }

    /// <summary>The organisations of the pool an account can belong to, by code.</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public string OrganisationName(string code) => Organisations.FirstOrDefault(o => o.Code == code)?.Name ?? "";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        var form = new RegisterUserForm(NewLoginName, NewDisplayName, NewOrganisationCode, [.. NewRoles], NewPassword);
        var registered = await SendAsync(new RegisterUser(form));
        // The password is never sent back to the browser, not even into a refused form.
        NewPassword = null;
        return await AfterAsync(registered.Accepted, "admin.user_registered", new { user = registered.Value?.UserId });
    }

    public async Task<IActionResult> OnPostRolesAsync(Guid user, List<string> roles) =>
        await AfterAsync(Scoped("change", (await SendAsync(new ChangeUserRoles(user, new ChangeUserRolesForm([.. roles])))).Accepted), "admin.roles_changed", new { user });

    public async Task<IActionResult> OnPostDeactivateAsync(Guid user, string? reason) =>
        await AfterAsync(Scoped("deactivate", (await SendAsync(new DeactivateUser(user, new DeactivateUserForm(reason)))).Accepted), "admin.user_deactivated", new { user });

    public async Task<IActionResult> OnPostMoveAsync(Guid user, string? organisationCode) =>
        await AfterAsync(Scoped("move", (await SendAsync(new MoveUser(user, new MoveUserForm(organisationCode)))).Accepted), "admin.user_moved", new { user });

    public async Task<IActionResult> OnPostReactivateAsync(Guid user) =>
        await AfterAsync(SendAsync(new ReactivateUser(user)), "admin.user_reactivated", new { user });

    protected override async Task LoadAsync()
    {
        var number = Pager.Clamp(PageNumber);
        var page = await AskAsync(new ListUsers(Q: Q, Page: number, PageSize: Pager.Size, Sort: "loginName"));
        Accounts = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;
        Pager = new Pager(number, Pager.Pages(Total), "/admin/users", Q);

        await using var read = Read();
        // The city's admins also keep the accounts of the districts themselves, whose records live in the districts' pools.
        var city = Me.OrganisationKind == OrganisationKind.City;
        Organisations = await OrganisationDirectory.Visible(read, Me)
            .Where(o => !o.Closed && (o.Pool == Me.Pool || (city && o.Kind == OrganisationKind.District)))
            .OrderBy(o => o.Code).ToListAsync(HttpContext.RequestAborted);
        if (Selected is { } id) Chosen = Accounts.FirstOrDefault(a => a.Id == id) ?? await read.LoadAsync<Account>(id, HttpContext.RequestAborted);
    }
}
