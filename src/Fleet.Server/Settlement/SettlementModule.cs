using Fleet.Domain.Settlement;
using Fleet.Projections.AggregateState;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;

namespace Fleet.Server.Settlement;

/// <summary>
/// What the units' trips cost them (费用结算, docs/settlement.md): each pool's rate card by vehicle class, versioned like the
/// approval policy, and each unit's monthly statement (结算单), issued by the pool's fleet admin, confirmed or disputed by
/// the unit, corrected by a new version.
/// </summary>
public sealed class SettlementModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(RateCardChanged)] = "rate_card_changed",
        [typeof(StatementIssued)] = "statement_issued",
        [typeof(StatementCorrected)] = "statement_corrected",
        [typeof(StatementConfirmed)] = "statement_confirmed",
        [typeof(StatementDisputed)] = "statement_disputed",
    };

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        // Both are read by the command that changes them and by the pages right after: inline, current at once.
        options.Projections.Add(new AggregateStateProjection<RateCard>(), ProjectionLifecycle.Inline);
        options.Projections.Add(new AggregateStateProjection<UnitStatement>(), ProjectionLifecycle.Inline);
        // A pool's statements are listed by unit and month.
        options.Schema.For<UnitStatement>().Duplicate(s => s.UnitCode).Duplicate(s => s.Month);
    }
}
