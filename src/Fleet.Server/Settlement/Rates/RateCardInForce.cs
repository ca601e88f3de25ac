using Fleet.Domain.Settlement;

namespace Fleet.Server.Settlement.Rates;

/// <summary>The pool's rate card in force: data its fleet admins change, one version at a time.</summary>
public static class RateCardInForce
{
    [WolverineGet("/api/rate-card", OperationId = "GetRateCard"), Tags("Settlement")]
    [EndpointSummary("The pool's rate card in force; version 0 when none was set")]
    public static Task<RateCard> Get(IQuerySession session, CancellationToken cancellation) => CurrentAsync(session, cancellation);

    /// <summary>The pool's card, or <see cref="RateCard.None"/> until its fleet admins set one.</summary>
    public static async Task<RateCard> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<RateCard>(RateCard.StreamId, cancellation) ?? RateCard.None;
}
