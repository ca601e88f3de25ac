using Fleet.Domain.People;
using Fleet.Domain.Records;

namespace Fleet.Server.Records.Cards;

/// <summary>The card was lost or stolen: what is bought with it from now on was bought for no car, and its rows are refused.</summary>
public sealed record ReportCardLost(Guid CardId, ReportCardLostForm Form) : Command<Card>;

public static class ReportCardLostHandler
{
    public static Task<Outcome<Card>> Handle(ReportCardLost command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        CardStream.DecideAsync(session, command.CardId, card => CardBinding.ReportLost(card, command.Form, command.By.UserId, clock.GetCurrentInstant()),
            cancellation);
}

public static class ReportCardLostEndpoint
{
    [WolverinePost("/api/cards/{id}/lost", OperationId = "ReportCardLost"), Tags("Records")]
    [EndpointSummary("Report a card lost")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Card>, ProblemHttpResult>> Post(Guid id, ReportCardLostForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReportCardLost(id, form), http);
}
