using Fleet.Domain.People;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Cards;

/// <summary>The fleet admin registers a fuel or ETC card to one of the pool's cars: the issuer's records of the card become the car's.</summary>
public sealed record BindCard(BindCardForm Form) : Command<Card>;

public static class BindCardHandler
{
    public static async Task<Outcome<Card>> Handle(BindCard command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (CardBinding.Validate(command.Form, problems) is not var (kind, number, _)) return Outcome<Card>.Refused(problems);
        var (vehicle, missing) = await CardStream.VehicleAsync(session, command.Form.VehicleId, cancellation);
        if (vehicle is null) return Outcome<Card>.Refused(missing!);

        var existing = await session.LoadAsync<Card>(CardBinding.IdOf(kind, number), cancellation);
        var decision = CardBinding.Bind(kind, number, vehicle, existing, command.By.UserId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<Card>.Refused(decision.Problems);

        CardStream.StartBound(session, decision);
        return Card.From((CardBound)decision.Events[0]);
    }
}

public static class BindCardEndpoint
{
    [WolverinePost("/api/cards", OperationId = "BindCard"), Tags("Records")]
    [EndpointSummary("Register a fuel or ETC card to a vehicle")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Created<Card>, ProblemHttpResult>> Post(BindCardForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new BindCard(form), http, card => $"/api/cards/{card.Id}");
}
