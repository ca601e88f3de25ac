using Fleet.Domain.People;
using Fleet.Domain.Settlement;

namespace Fleet.Server.Settlement.Statements;

/// <summary>
/// What the pool's units were charged in a year (2026) or a month (2026-10), per unit and per class of car, from the
/// statements issued for it.
/// </summary>
public sealed record GetSettledCosts(int? Year, string? Month = null) : Query<SettledCosts>;

public static class GetSettledCostsHandler
{
    public static async Task<Outcome<SettledCosts>> Handle(GetSettledCosts asked, IQuerySession session, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (asked.Month is not null)
        {
            if (UnitStatements.MonthOf(asked.Month, problems) is not { } month) return Outcome<SettledCosts>.Refused(problems);
            var text = UnitStatement.MonthPattern.Format(month);
            return SettledCosts.Of(await session.Query<UnitStatement>().Where(s => s.Month == text).ToListAsync(cancellation));
        }

        if (asked.Year is not { } year) return Outcome<SettledCosts>.Refused(Problem.Required("year"));
        if (year is < 2000 or > 2100)
            return Outcome<SettledCosts>.Refused(Problem.Invalid("statement.year_invalid", "year", "A year between 2000 and 2100; {0} is not one.", year));
        var prefix = $"{year:0000}-";
        var statements = await session.Query<UnitStatement>().Where(s => s.Month.StartsWith(prefix)).ToListAsync(cancellation);
        return SettledCosts.Of(statements);
    }
}

public static class GetSettledCostsEndpoint
{
    [WolverineGet("/api/settlement/costs", OperationId = "GetSettledCosts"), Tags("Settlement")]
    [EndpointSummary("What the pool's units were charged in a year (?year=2026) or a month (?month=2026-10), per unit, per class of car and per km")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<SettledCosts>, ProblemHttpResult>> Get(int? year, string? month, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetSettledCosts(year, month), http);
}
