using Fleet.Domain.Organisations;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>
/// Keeps each organisation's current state as a document, inline, so that endpoints can look organisations up
/// by code and see their own writes. The state and its rules are the domain's; this only wires them to Marten.
/// </summary>
public sealed partial class OrganisationProjection : SingleStreamProjection<Organisation, Guid>
{
    public static Organisation Create(OrganisationEstablished e) => Organisation.Create(e);

    public static Organisation Apply(Organisation organisation, OrganisationRenamed e) => organisation.Apply(e);

    public static Organisation Apply(Organisation organisation, OrganisationClosed e) => organisation.Apply(e);
}
