using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Settlement.Statements;

/// <summary>The unit's head does not accept the version of the month's statement they read, and says why.</summary>
public sealed record DisputeStatement(Guid StatementId, DisputeStatementForm Form) : Command<UnitStatement>;

public static class DisputeStatementHandler
{
    public static Task<Outcome<UnitStatement>> Handle(DisputeStatement command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        StatementStream.DecideAsync(session, command.StatementId, statement => StatementStream.AsUnit(command.By, statement,
            current => UnitStatements.Dispute(current, command.Form, command.By.UserId, clock.GetCurrentInstant())), cancellation);
}

public static class DisputeStatementEndpoint
{
    [WolverinePost("/api/statements/{id}/dispute", OperationId = "DisputeStatement"), Tags("Settlement")]
    [EndpointSummary("Dispute the version of the unit's statement read, with the reason")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<UnitStatement>, ProblemHttpResult>> Post(Guid id, DisputeStatementForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new DisputeStatement(id, form), http);
}
