using NodaTime;

namespace Fleet.Domain.Organisations;

/// <summary>
/// Where an organisation sits in the city. The city and each district run one vehicle pool; units
/// (bureaus, offices) are served by the pool of the city or district they belong to. A province of several cities
/// (ADR 025) has an organisation of its own above them, which runs no pool: its supervisors oversee the cities.
/// </summary>
public enum OrganisationKind
{
    City,
    District,
    Unit,
    Province,
}

/// <summary>An organisation entered the registry. Stored as <c>organisation_established</c>.</summary>
public sealed record OrganisationEstablished(
    Guid OrganisationId,
    string Code,
    OrganisationKind Kind,
    string Name,
    string? ParentCode,
    string Pool,
    Instant EstablishedAt);

/// <summary>Stored as <c>organisation_renamed</c>.</summary>
public sealed record OrganisationRenamed(Guid OrganisationId, string Name, Instant RenamedAt);

/// <summary>The organisation no longer requests or runs anything; its history stays. Stored as <c>organisation_closed</c>.</summary>
public sealed record OrganisationClosed(Guid OrganisationId, string Reason, Instant ClosedAt);

/// <summary>The registry's view of one organisation, rebuilt from its stream.</summary>
public sealed record Organisation(
    Guid Id,
    string Code,
    OrganisationKind Kind,
    string Name,
    string? ParentCode,
    string Pool,
    bool Closed)
{
    /// <summary>The city and the districts run pools; units are served by one.</summary>
    public bool RunsPool => Kind is OrganisationKind.City or OrganisationKind.District;

    public static Organisation From(OrganisationEstablished e) =>
        new(e.OrganisationId, e.Code, e.Kind, e.Name, e.ParentCode, e.Pool, Closed: false);

    public Organisation When(OrganisationRenamed e) => this with { Name = e.Name };

    public Organisation When(OrganisationClosed e) => this with { Closed = true };
}
