using Fleet.Domain.Common;
using Fleet.Server.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// The one shape of every command on an existing stream: load it for writing under optimistic concurrency, let
/// the pure decision speak, append what it decided, and answer with the state the new events lead to. Two
/// people changing one record at once cannot overwrite each other: the second gets a 409.
/// </summary>
public static class StreamDecisions
{
    public static async Task<Results<Ok<T>, ProblemHttpResult>> DecideAsync<T>(IDocumentSession session, Guid id, Problem notFound,
        Func<T, Decision> decide, Func<T, object, T> evolve, ProblemText text, CancellationToken cancellation) where T : class
    {
        var stream = await session.Events.FetchForWriting<T>(id, cancellation);
        if (stream.Aggregate is not { } state) return FleetProblems.From([notFound], text);

        var decision = decide(state);
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        stream.AppendMany(decision.Events);
        return TypedResults.Ok(decision.Events.Aggregate(state, evolve));
    }
}
