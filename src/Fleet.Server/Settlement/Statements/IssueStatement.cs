using Fleet.Domain.People;
using Fleet.Domain.Settlement;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Settlement.Statements;

/// <summary>The pool's fleet admin issues a unit's statement of a month that is over: a line for each of its trips closed in that month.</summary>
public sealed record IssueStatement(IssueStatementForm Form) : Command<UnitStatement>;

public static class IssueStatementHandler
{
    public static async Task<Outcome<UnitStatement>> Handle(IssueStatement command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        var unit = command.Form.Unit?.Trim();
        if (string.IsNullOrEmpty(unit)) problems.Add(Problem.Required("unit"));
        var month = UnitStatements.MonthOf(command.Form.Month, problems);
        if (problems.Count > 0) return Outcome<UnitStatement>.Refused(problems);
        if (await StatementStream.RefusesUnitAsync(session, command.By, unit!, cancellation) is { } refused) return Outcome<UnitStatement>.Refused(refused);

        var (trips, card) = await StatementStream.ChargeableAsync(session, unit!, month!.Value, zone, cancellation);
        var now = clock.GetCurrentInstant();
        // Loaded for writing: two admins issuing the same month at once get a 409 for the second, never two statements.
        var stream = await session.Events.FetchForWriting<UnitStatement>(UnitStatement.StreamIdOf(unit!, UnitStatement.MonthPattern.Format(month.Value)),
            cancellation);
        var decision = UnitStatements.Issue(stream.Aggregate, unit!, month.Value, trips, card, command.By.UserId, now.InZone(zone).Date, now);
        if (!decision.IsAccepted) return Outcome<UnitStatement>.Refused(decision.Problems);
        stream.AppendMany(decision.Events);
        return UnitStatement.From((StatementIssued)decision.Events[0]);
    }
}

public static class IssueStatementEndpoint
{
    [WolverinePost("/api/statements", OperationId = "IssueStatement"), Tags("Settlement")]
    [EndpointSummary("Issue a unit's statement of a month that is over")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<UnitStatement>, ProblemHttpResult>> Post(IssueStatementForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new IssueStatement(form), http);
}
