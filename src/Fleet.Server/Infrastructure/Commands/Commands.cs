
namespace Fleet.Server.Infrastructure.Commands;

/// <summary>
/// The single entry of every command. The HTTP endpoint and the page both send the command here, and Wolverine hands
/// it to its one handler in the actor's pool: the handler's transaction, the idempotency record, the event metadata
/// (<see cref="CommandSession"/>) and the outbox are the same whichever way it came.
/// </summary>
public static class Commands
{
    public static Task<Outcome<T>> SendAsync<T>(this IMessageBus bus, Command<T> command, Actor by, Submission submission,
        CancellationToken cancellation) =>
        bus.InvokeAsync<Outcome<T>>(command with { By = by, Submission = submission }, new DeliveryOptions { TenantId = by.Pool }, cancellation);

    /// <summary>Sends a command for an API request: the signed-in caller, the request's idempotency key, its answer.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> AnswerAsync<T>(this IMessageBus bus, Command<T> command, HttpContext http) =>
        (await SendAsync(bus, command, http)).Answer(http);

    /// <summary>As <see cref="AnswerAsync{T}"/> for a command that creates a record, answered 201 with where it is.</summary>
    public static async Task<Results<Created<T>, ProblemHttpResult>> CreatedAsync<T>(this IMessageBus bus, Command<T> command, HttpContext http,
        Func<T, string> location)
    {
        var outcome = await SendAsync(bus, command, http);
        return outcome.Accepted ? TypedResults.Created(location(outcome.Value!), outcome.Value) : Refusal(outcome, http);
    }

    /// <summary>Asks a query in the asker's pool.</summary>
    public static Task<Outcome<T>> AskAsync<T>(this IMessageBus bus, Query<T> query, Actor by, CancellationToken cancellation) =>
        bus.InvokeAsync<Outcome<T>>(query with { By = by }, new DeliveryOptions { TenantId = by.Pool }, cancellation);

    /// <summary>Asks a query for an API request and answers with its result or its problems.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> AnswerAsync<T>(this IMessageBus bus, Query<T> query, HttpContext http) =>
        (await bus.AskAsync(query, Actor.Of(http.User), http.RequestAborted)).Answer(http);

    /// <summary>A query's or a command's outcome as the API answers it: the result, or its problems.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Answer<T>(this Outcome<T> outcome, HttpContext http) =>
        outcome.Accepted ? TypedResults.Ok(outcome.Value!) : Refusal(outcome, http);

    private static Task<Outcome<T>> SendAsync<T>(IMessageBus bus, Command<T> command, HttpContext http) =>
        bus.SendAsync(command, Actor.Of(http.User), IdempotencyMiddleware.SubmissionOf(http), http.RequestAborted);

    private static ProblemHttpResult Refusal<T>(Outcome<T> outcome, HttpContext http) =>
        FleetProblems.From(outcome.Problems, http.RequestServices.GetRequiredService<ProblemText>());
}
