using Fleet.Domain.Trips;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Trips;

/// <summary>The approval policy in force in one pool: the latest version its fleet admins set.</summary>
public sealed record CurrentApprovalPolicy(Guid Id, PolicyChanged Latest)
{
    /// <summary>Each pool keeps its policy history in one stream of its own, under this id.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-00000000a991");

    public ApprovalPolicy ToPolicy() => ApprovalPolicy.From(Latest);
}

public sealed partial class CurrentApprovalPolicyProjection : SingleStreamProjection<CurrentApprovalPolicy, Guid>
{
    public static CurrentApprovalPolicy Create(IEvent<PolicyChanged> e) => new(e.StreamId, e.Data);

    public static CurrentApprovalPolicy Apply(CurrentApprovalPolicy current, PolicyChanged e) => current with { Latest = e };
}
