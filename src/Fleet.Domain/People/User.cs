using Fleet.Domain.Organisations;
using NodaTime;

namespace Fleet.Domain.People;

/// <summary>What a person may do in Fleet. A person can hold several roles within their organisation.</summary>
public enum Role
{
    /// <summary>办事员: requests vehicles for their unit and rates the trips.</summary>
    Clerk,

    /// <summary>审批人 (unit head): approves or rejects the unit's requests.</summary>
    Approver,

    /// <summary>调度员: assigns cars and drivers in one pool.</summary>
    Dispatcher,

    /// <summary>驾驶员: drives for one pool.</summary>
    Driver,

    /// <summary>监管人员: audits a district, or the whole city.</summary>
    Supervisor,

    /// <summary>车辆管理员: keeps the registry of one pool.</summary>
    FleetAdmin,
}

/// <summary>A person got an account. Stored as <c>user_registered</c>. Credentials are kept apart: they are secrets, not history.</summary>
public sealed record UserRegistered(
    Guid UserId,
    string LoginName,
    string DisplayName,
    string OrganisationCode,
    OrganisationKind OrganisationKind,
    string Pool,
    IReadOnlyList<Role> Roles,
    Instant RegisteredAt);

/// <summary>Stored as <c>user_roles_changed</c>.</summary>
public sealed record UserRolesChanged(Guid UserId, IReadOnlyList<Role> Roles, Instant ChangedAt);

/// <summary>The person now works for another organisation of the same pool. Stored as <c>user_moved</c>.</summary>
public sealed record UserMoved(Guid UserId, string FromOrganisation, string ToOrganisation, OrganisationKind ToKind, Instant MovedAt);

/// <summary>The account can no longer sign in; its history stays. Stored as <c>user_deactivated</c>.</summary>
public sealed record UserDeactivated(Guid UserId, string Reason, Instant DeactivatedAt);

/// <summary>Stored as <c>user_reactivated</c>.</summary>
public sealed record UserReactivated(Guid UserId, Instant ReactivatedAt);

public sealed record User(
    Guid Id,
    string LoginName,
    string DisplayName,
    string OrganisationCode,
    OrganisationKind OrganisationKind,
    string Pool,
    IReadOnlyList<Role> Roles,
    bool Active)
{
    public static User From(UserRegistered e) =>
        new(e.UserId, e.LoginName, e.DisplayName, e.OrganisationCode, e.OrganisationKind, e.Pool, e.Roles, Active: true);

    public User When(UserRolesChanged e) => this with { Roles = e.Roles };

    public User When(UserMoved e) => this with { OrganisationCode = e.ToOrganisation, OrganisationKind = e.ToKind };

    public User When(UserDeactivated e) => this with { Active = false };

    public User When(UserReactivated e) => this with { Active = true };
}
