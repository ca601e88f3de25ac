using Fleet.Domain.People;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Cards;

/// <summary>The card goes over to another car of the pool; records before the move stay the first car's.</summary>
public sealed record MoveCard(Guid CardId, MoveCardForm Form) : Command<Card>;

public static class MoveCardHandler
{
    public static async Task<Outcome<Card>> Handle(MoveCard command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var (vehicle, missing) = await CardStream.VehicleAsync(session, command.Form.VehicleId, cancellation);
        if (vehicle is null) return Outcome<Card>.Refused(missing!);
        return await CardStream.DecideAsync(session, command.CardId,
            card => CardBinding.Move(card, vehicle, command.Form.Reason, command.By.UserId, clock.GetCurrentInstant()), cancellation);
    }
}

public static class MoveCardEndpoint
{
    [WolverinePost("/api/cards/{id}/move", OperationId = "MoveCard"), Tags("Records")]
    [EndpointSummary("Move a card to another vehicle of the pool")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Card>, ProblemHttpResult>> Post(Guid id, MoveCardForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new MoveCard(id, form), http);
}
