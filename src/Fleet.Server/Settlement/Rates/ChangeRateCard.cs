using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Fleet.Server.Infrastructure.Marten;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Settlement.Rates;

/// <summary>A fleet admin puts the pool's next rate card in force; statements already issued keep the version they were charged by.</summary>
public sealed record ChangeRateCard(ChangeRateCardForm Form) : Command<RateCard>;

public static class ChangeRateCardHandler
{
    // Loaded for writing: two admins changing the card at once get a 409 for the second.
    public static Task<Outcome<RateCard>> Handle(ChangeRateCard command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, RateCard.StreamId, RateCard.None, card => card.Change(command.Form, command.By.UserId,
            clock.GetCurrentInstant()), cancellation);
}

public static class ChangeRateCardEndpoint
{
    [WolverinePost("/api/rate-card", OperationId = "ChangeRateCard"), Tags("Settlement")]
    [EndpointSummary("Put the pool's next rate card version in force")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<RateCard>, ProblemHttpResult>> Post(ChangeRateCardForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ChangeRateCard(form), http);
}
