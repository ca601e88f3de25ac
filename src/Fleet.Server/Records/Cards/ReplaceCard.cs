using Fleet.Domain.People;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Cards;

/// <summary>The issuer gave a new card in place of this one: this one ends and the new one is bound to the same car in one step.</summary>
public sealed record ReplaceCard(Guid CardId, ReplaceCardForm Form) : Command<Card>;

public static class ReplaceCardHandler
{
    /// <summary>Answers with the new card.</summary>
    public static async Task<Outcome<Card>> Handle(ReplaceCard command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        var number = CardBinding.Number(command.Form.Number, "number", problems);
        if (number is null) return Outcome<Card>.Refused(problems);

        var stream = await session.Events.FetchForWriting<Card>(command.CardId, cancellation);
        if (stream.Aggregate is not { } card) return Outcome<Card>.Refused(CardStream.NotFound(command.CardId));
        var newCard = await session.LoadAsync<Card>(CardBinding.IdOf(card.Kind, number), cancellation);
        var decision = CardBinding.Replace(card, number, command.Form.Reason, newCard, command.By.UserId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<Card>.Refused(decision.Problems);

        stream.AppendOne(decision.Events.OfType<CardReplaced>().Single());
        CardStream.StartBound(session, decision);
        return Card.From(decision.Events.OfType<CardBound>().Single());
    }
}

public static class ReplaceCardEndpoint
{
    [WolverinePost("/api/cards/{id}/replace", OperationId = "ReplaceCard"), Tags("Records")]
    [EndpointSummary("Replace a card with the one the issuer gave in its place")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Card>, ProblemHttpResult>> Post(Guid id, ReplaceCardForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReplaceCard(id, form), http);
}
