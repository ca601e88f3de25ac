using Fleet.Domain.People;
using Fleet.Domain.Settlement;

namespace Fleet.Server.Settlement.Statements;

/// <summary>
/// The statements someone may read, newest month first: the pool's fleet admins and supervisors the pool's, everybody else
/// their own unit's. <see cref="Unit"/> keeps one unit's.
/// </summary>
public sealed record ListStatements(string? Unit = null) : Query<IReadOnlyList<UnitStatement>>;

public static class ListStatementsHandler
{
    public static async Task<Outcome<IReadOnlyList<UnitStatement>>> Handle(ListStatements asked, IQuerySession session, CancellationToken cancellation)
    {
        var query = session.Query<UnitStatement>().AsQueryable();
        if (!SeesPool(asked.By)) query = query.Where(s => s.UnitCode == asked.By.OrganisationCode);
        if (asked.Unit?.Trim() is { Length: > 0 } unit) query = query.Where(s => s.UnitCode == unit);
        return Outcome<IReadOnlyList<UnitStatement>>.Of(await query.OrderByDescending(s => s.Month).ThenBy(s => s.UnitCode).ToListAsync(cancellation));
    }

    public static bool SeesPool(Actor actor) => actor.Has(Role.FleetAdmin) || actor.Has(Role.Supervisor);
}

public static class ListStatementsEndpoint
{
    [WolverineGet("/api/statements", OperationId = "ListStatements"), Tags("Settlement")]
    [EndpointSummary("The statements the asker may read, newest month first")]
    public static Task<Results<Ok<IReadOnlyList<UnitStatement>>, ProblemHttpResult>> Get(string? unit, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListStatements(unit), http);
}

/// <summary>One unit's statement of a month, for its unit and the pool's fleet admins and supervisors.</summary>
public sealed record GetStatement(Guid StatementId) : Query<UnitStatement>;

public static class GetStatementHandler
{
    public static async Task<Outcome<UnitStatement>> Handle(GetStatement asked, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<UnitStatement>(asked.StatementId, cancellation) is { } statement &&
        (ListStatementsHandler.SeesPool(asked.By) || asked.By.OrganisationCode == statement.UnitCode)
            ? statement
            : Outcome<UnitStatement>.Refused(StatementStream.NotFound(asked.StatementId));
}

public static class GetStatementEndpoint
{
    [WolverineGet("/api/statements/{id}", OperationId = "GetStatement"), Tags("Settlement")]
    [EndpointSummary("One unit's statement of a month, every version")]
    public static Task<Results<Ok<UnitStatement>, ProblemHttpResult>> Get(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetStatement(id), http);
}
