using Fleet.Domain.Positions.Reconciliation;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Reconciliation;

/// <summary>The reconciliation thresholds in force in one pool: the latest version its fleet admins set.</summary>
public sealed record CurrentReconciliationPolicy(Guid Id, ReconciliationPolicyChanged Latest)
{
    /// <summary>Each pool keeps its thresholds' history in one stream of its own, under this id.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-00000000a992");

    public ReconciliationPolicy ToPolicy() => ReconciliationPolicy.From(Latest);
}

public sealed partial class CurrentReconciliationPolicyProjection : SingleStreamProjection<CurrentReconciliationPolicy, Guid>
{
    public static CurrentReconciliationPolicy Create(IEvent<ReconciliationPolicyChanged> e) => new(e.StreamId, e.Data);

    public static CurrentReconciliationPolicy Apply(CurrentReconciliationPolicy current, ReconciliationPolicyChanged e) => current with { Latest = e };
}
