using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using NodaTime;

namespace Fleet.Domain.People;

/// <summary>What a fleet admin types to give a person an account, untrusted.</summary>
public sealed record RegisterUserForm(string? LoginName, string? DisplayName, string? OrganisationCode, string[]? Roles, string? Password);

public sealed record ChangeUserRolesForm(string[]? Roles);

public sealed record MoveUserForm(string? OrganisationCode);

public sealed record DeactivateUserForm(string? Reason);

public static class UserAdministration
{
    public const int MinPasswordLength = 10;
    public const int MaxDisplayNameLength = 50;

    /// <summary>
    /// Which organisations a role makes sense in: clerks work for a unit; approvers for a unit (its head) or for the office
    /// that runs a pool (signing the steps of the approval chain that are the office's); dispatchers, drivers and fleet
    /// admins for a pool (the city's or a district's); supervisors oversee a district or the whole city, and in a province of
    /// several cities the province's supervisors oversee them all — the only role of the province's organisation.
    /// </summary>
    public static Problem NotFound(Guid userId) => Problem.NotFound("user.not_found", "There is no user {0}.", userId);

    public static bool RoleFits(Role role, OrganisationKind kind) => role switch
    {
        _ when kind == OrganisationKind.Province => role == Role.Supervisor,
        Role.Clerk => kind == OrganisationKind.Unit,
        Role.Approver => true,
        _ => kind is OrganisationKind.City or OrganisationKind.District,
    };

    public static Decision Register(RegisterUserForm form, Organisation? organisation, bool loginTaken, Guid userId, Instant now)
    {
        var problems = new List<Problem>();
        var login = form.LoginName?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(login)) problems.Add(Problem.Required("loginName"));
        else if (login.Length is < 3 or > 32 || !login.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            problems.Add(Problem.Invalid("user.login_name_invalid", "loginName",
                "A login name has 3 to 32 letters, digits, dots, dashes or underscores."));

        var displayName = TextRules.Check(form.DisplayName, "displayName", MaxDisplayNameLength, required: true, problems);

        if (string.IsNullOrWhiteSpace(form.OrganisationCode)) problems.Add(Problem.Required("organisationCode"));
        var roles = ParseRoles(form.Roles, problems);
        problems.AddRange(ValidatePassword(form.Password));
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (organisation is null)
            return Decision.Refuse(Problem.NotFound("organisation.not_found", "There is no organisation {0}.", form.OrganisationCode!.Trim()));
        if (organisation.Closed)
            return Decision.Refuse(Problem.Conflict("organisation.closed", "{0} is closed and can no longer be used.", organisation.Name));
        if (RolesMisfit(roles!, organisation) is { } misfit) return Decision.Refuse(misfit);
        if (loginTaken) return Decision.Refuse(Problem.Conflict("user.login_name_taken", "The login name {0} is already in use: choose another one.", login!));

        return Decision.Accept(new UserRegistered(userId, login!, displayName!, organisation.Code, organisation.Kind,
            organisation.Pool, roles!, now));
    }

    public static Decision ChangeRoles(ChangeUserRolesForm form, User user, Instant now)
    {
        var problems = new List<Problem>();
        var roles = ParseRoles(form.Roles, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (!user.Active) return Inactive(user);
        if (roles is null) return Decision.Refuse(Problem.Required("roles"));
        if (roles.Where(r => !RoleFits(r, user.OrganisationKind)).ToList() is { Count: > 0 } misfits)
            return Decision.Refuse(Misfit(misfits, user.OrganisationKind));

        return roles.OrderBy(r => r).SequenceEqual(user.Roles.OrderBy(r => r))
            ? Decision.Accept()
            : Decision.Accept(new UserRolesChanged(user.Id, roles, now));
    }

    /// <summary>A person moves within their pool; another pool's data is out of reach, so a new account is made there instead.</summary>
    public static Decision Move(MoveUserForm form, User user, Organisation? target, Instant now)
    {
        if (string.IsNullOrWhiteSpace(form.OrganisationCode)) return Decision.Refuse(Problem.Required("organisationCode"));
        if (!user.Active) return Inactive(user);
        if (target is null)
            return Decision.Refuse(Problem.NotFound("organisation.not_found", "There is no organisation {0}.", form.OrganisationCode.Trim()));
        if (target.Closed) return Decision.Refuse(Problem.Conflict("organisation.closed", "{0} is closed and can no longer be used.", target.Name));
        if (target.Pool != user.Pool)
            return Decision.Refuse(Problem.Conflict("user.move_outside_pool",
                "{0} is served by another pool: deactivate this account and register the person there.", target.Name));
        if (RolesMisfit(user.Roles, target) is { } misfit) return Decision.Refuse(misfit);

        return target.Code == user.OrganisationCode
            ? Decision.Accept()
            : Decision.Accept(new UserMoved(user.Id, user.OrganisationCode, target.Code, target.Kind, now));
    }

    public static Decision Deactivate(DeactivateUserForm form, User user, Guid actorId, Instant now)
    {
        var problems = TextRules.Validate(form.Reason, "reason", TextRules.ReasonMaxLength);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (user.Id == actorId)
            return Decision.Refuse(Problem.Conflict("user.cannot_deactivate_self", "You cannot deactivate your own account; ask another fleet administrator."));
        if (!user.Active) return Inactive(user);
        return Decision.Accept(new UserDeactivated(user.Id, form.Reason!.Trim(), now));
    }

    public static Decision Reactivate(User user, Instant now) =>
        user.Active
            ? Decision.Refuse(Problem.Conflict("user.already_active", "{0} is already active.", user.LoginName))
            : Decision.Accept(new UserReactivated(user.Id, now));

    /// <summary>Long passphrases beat character-class rules; refuse only what is short or trivially guessable.</summary>
    public static IReadOnlyList<Problem> ValidatePassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) return [Problem.Required("password")];
        if (password.Length < MinPasswordLength || password.Length > 128 || password.Distinct().Count() < 4)
            return [Problem.Invalid("user.password_weak", "password",
                "A password has {0} to 128 characters and is not a repetition of a few characters.", MinPasswordLength)];
        return [];
    }

    private static Role[]? ParseRoles(string[]? texts, List<Problem> problems)
    {
        if (texts is not { Length: > 0 })
        {
            problems.Add(Problem.Required("roles"));
            return null;
        }

        var roles = new List<Role>();
        foreach (var text in texts)
        {
            if (CodeList.TryParse(text, RoleTerms, out Role role)) roles.Add(role);
            else problems.Add(Problem.Invalid("user.role_invalid", "roles", "'{0}' is not a role: use one of {1}.",
                text is { Length: > 20 } ? text[..20] + "…" : text ?? "", CodeList.Describe<Role>()));
        }

        return roles.Distinct().Order().ToArray();
    }

    private static Problem? RolesMisfit(IReadOnlyList<Role> roles, Organisation organisation) =>
        roles.Where(r => !RoleFits(r, organisation.Kind)).ToList() is { Count: > 0 } misfits ? Misfit(misfits, organisation.Kind) : null;

    private static Problem Misfit(IReadOnlyList<Role> misfits, OrganisationKind kind) =>
        Problem.Invalid("user.role_misfit", "roles", "{0} cannot be held in a {1}: clerks work for a unit, approvers for a unit or a pool's office, the other roles for the city or a district; the province has supervisors only.",
            string.Join(", ", misfits), kind);

    private static Decision Inactive(User user) =>
        Decision.Refuse(Problem.Conflict("user.inactive", "{0} is deactivated: reactivate the account first.", user.LoginName));

    public static readonly IReadOnlyDictionary<Role, string> RoleTerms = new Dictionary<Role, string>
    {
        [Role.Clerk] = "办事员",
        [Role.Approver] = "审批人",
        [Role.Dispatcher] = "调度员",
        [Role.Driver] = "驾驶员",
        [Role.Supervisor] = "监管人员",
        [Role.FleetAdmin] = "车辆管理员",
    };
}
