using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Settlement.Statements;

/// <summary>The pool's fleet admin replaces the statement's current version with one charged again from the trips and the card as they now are.</summary>
public sealed record CorrectStatement(Guid StatementId, CorrectStatementForm Form) : Command<UnitStatement>;

public static class CorrectStatementHandler
{
    public static async Task<Outcome<UnitStatement>> Handle(CorrectStatement command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        // Loaded for writing before the trips are read: a correction racing another, or the unit's answer, gets a 409.
        var stream = await session.Events.FetchForWriting<UnitStatement>(command.StatementId, cancellation);
        if (stream.Aggregate is not { } current) return Outcome<UnitStatement>.Refused(StatementStream.NotFound(command.StatementId));

        var month = UnitStatement.MonthPattern.Parse(current.Month).Value;
        var (trips, card) = await StatementStream.ChargeableAsync(session, current.UnitCode, month, zone, cancellation);
        var decision = UnitStatements.Correct(current, command.Form, trips, card, command.By.UserId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<UnitStatement>.Refused(decision.Problems);
        stream.AppendMany(decision.Events);
        return decision.Events.Aggregate(current, (state, e) => state.Evolve(e));
    }
}

public static class CorrectStatementEndpoint
{
    [WolverinePost("/api/statements/{id}/correct", OperationId = "CorrectStatement"), Tags("Settlement")]
    [EndpointSummary("Replace the statement's current version with a corrected one")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<UnitStatement>, ProblemHttpResult>> Post(Guid id, CorrectStatementForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CorrectStatement(id, form), http);
}
