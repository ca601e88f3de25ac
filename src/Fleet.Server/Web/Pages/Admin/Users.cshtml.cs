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
    public const int Shown = 200;

    /// <summary>The account being changed, picked from the list.</summary>
    [BindProperty(SupportsGet = true, Name = "user")] public Guid? Selected { get; set; }

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

    public async Task<IActionResult> OnPostReactivateAsync(Guid user) =>
        await AfterAsync(SendAsync(new ReactivateUser(user)), "admin.user_reactivated", new { user });

    protected override async Task LoadAsync()
    {
        var page = await AskAsync(new ListUsers(Page: 1, PageSize: Shown, Sort: "loginName"));
        Accounts = page?.Items ?? [];
        Total = page?.TotalItems ?? 0;

        await using var read = Read();
        // The city's admins also keep the accounts of the districts themselves, whose records live in the districts' pools.
        var city = Me.OrganisationKind == OrganisationKind.City;
        Organisations = await OrganisationDirectory.Visible(read, Me)
            .Where(o => !o.Closed && (o.Pool == Me.Pool || (city && o.Kind == OrganisationKind.District)))
            .OrderBy(o => o.Code).ToListAsync(HttpContext.RequestAborted);
        if (Selected is { } id) Chosen = Accounts.FirstOrDefault(a => a.Id == id) ?? await read.LoadAsync<Account>(id, HttpContext.RequestAborted);
    }
}
