using Fleet.Domain.People;
using Fleet.Domain.Settlement;

namespace Fleet.Server.Settlement.Statements;

/// <summary>What the pool's units were charged in a year (2026), per unit and per class of car, from the statements issued.</summary>
public sealed record GetSettledCosts(int? Year) : Query<SettledCosts>;

public static class GetSettledCostsHandler
{
    public static async Task<Outcome<SettledCosts>> Handle(GetSettledCosts asked, IQuerySession session, CancellationToken cancellation)
    {
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
    [EndpointSummary("What the pool's units were charged in a year, per unit, per class of car and per km")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<SettledCosts>, ProblemHttpResult>> Get(int? year, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetSettledCosts(year), http);
}
