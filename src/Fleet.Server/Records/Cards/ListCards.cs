using Fleet.Domain.People;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Cards;

/// <summary>The pool's cards, those bound now first, then the ones that ended; by number.</summary>
public sealed record ListCards : Query<IReadOnlyList<Card>>;

public static class ListCardsHandler
{
    public static async Task<Outcome<IReadOnlyList<Card>>> Handle(ListCards query, IQuerySession session, CancellationToken cancellation)
    {
        var cards = await session.Query<Card>().ToListAsync(cancellation);
        return cards.OrderBy(c => c.Status != CardStatus.Bound).ThenBy(c => c.Kind).ThenBy(c => c.Number, StringComparer.Ordinal).ToList();
    }
}

public static class ListCardsEndpoint
{
    [WolverineGet("/api/cards", OperationId = "ListCards"), Tags("Records")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<IReadOnlyList<Card>>, ProblemHttpResult>> Get(HttpContext http, IMessageBus bus) => bus.AnswerAsync(new ListCards(), http);
}
