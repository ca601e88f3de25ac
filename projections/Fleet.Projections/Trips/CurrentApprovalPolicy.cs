using Fleet.Domain.Trips;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Trips;

/// <summary>
/// The approval policy in force in one pool: the latest version its fleet admins set, and its chain when that is not the
/// default one.
/// </summary>
public sealed record CurrentApprovalPolicy(Guid Id, PolicyChanged Latest, IReadOnlyList<ApprovalStep>? Steps = null)
{
    /// <summary>Each pool keeps its policy history in one stream of its own, under this id.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-00000000a991");

    public ApprovalPolicy ToPolicy() => ApprovalPolicy.From(Latest) with { Steps = Steps ?? ApprovalChain.Default };
}

public sealed partial class CurrentApprovalPolicyProjection : SingleStreamProjection<CurrentApprovalPolicy, Guid>
{
    public static CurrentApprovalPolicy Create(IEvent<PolicyChanged> e) => new(e.StreamId, e.Data);

    public static CurrentApprovalPolicy Create(IEvent<ApprovalPolicyChanged> e) => new(e.StreamId, e.Data.WithoutChain(), e.Data.Steps);

    public static CurrentApprovalPolicy Apply(CurrentApprovalPolicy current, PolicyChanged e) => current with { Latest = e, Steps = null };

    public static CurrentApprovalPolicy Apply(CurrentApprovalPolicy current, ApprovalPolicyChanged e) => current with { Latest = e.WithoutChain(), Steps = e.Steps };
}
