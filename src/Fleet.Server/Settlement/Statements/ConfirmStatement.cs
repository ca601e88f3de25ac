using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Settlement.Statements;

/// <summary>The unit's head (an approver of the unit) accepts the version of the month's statement they read.</summary>
public sealed record ConfirmStatement(Guid StatementId, ConfirmStatementForm Form) : Command<UnitStatement>;

public static class ConfirmStatementHandler
{
    public static Task<Outcome<UnitStatement>> Handle(ConfirmStatement command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        StatementStream.DecideAsync(session, command.StatementId, statement => StatementStream.AsUnit(command.By, statement,
            current => UnitStatements.Confirm(current, command.Form, command.By.UserId, clock.GetCurrentInstant())), cancellation);
}

public static class ConfirmStatementEndpoint
{
    [WolverinePost("/api/statements/{id}/confirm", OperationId = "ConfirmStatement"), Tags("Settlement")]
    [EndpointSummary("Accept the version of the unit's statement read")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<UnitStatement>, ProblemHttpResult>> Post(Guid id, ConfirmStatementForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new ConfirmStatement(id, form), http);
}
