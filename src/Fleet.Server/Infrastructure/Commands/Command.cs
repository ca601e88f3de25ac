using System.Text.Json.Serialization;

namespace Fleet.Server.Infrastructure.Commands;

/// <summary>What every command carries besides what was asked: who asks, and the submission it came in.</summary>
public interface ICommand
{
    Actor By { get; }

    Submission? Submission { get; }
}

/// <summary>
/// A command: one thing a person asks Fleet to do, handled by exactly one Wolverine handler, whether it arrives
/// through the HTTP API or from a page (see <see cref="Commands"/>). The actor and the submission are set by the
/// entry it came through, from the sign-in, never from what the client sent.
/// </summary>
/// <typeparam name="TResult">What an accepted command answers with.</typeparam>
public abstract record Command<TResult> : ICommand
{
    [JsonIgnore] public Actor By { get; init; } = null!;

    [JsonIgnore] public Submission? Submission { get; init; }
}

/// <summary>
/// The one request a command was sent in: the request that caused it (the events' causation) and, so that sending it
/// again never acts twice, the client's idempotency key (or the key rendered into a page's form) with a fingerprint of
/// what was asked under it.
/// </summary>
/// <param name="KeepsRefusals">
/// An API client is answered again with the very answer it got, a refusal included; a page simply tries a refused
/// form again, so only an accepted one is recorded.
/// </param>
public sealed record Submission(string Causation, string? Key, string? Fingerprint, bool KeepsRefusals);

/// <summary>
/// A question a page shows the answer to and the API answers alike: handled by one Wolverine handler reading the asker's
/// pool, with the asker's scope decided there, never in the page.
/// </summary>
public abstract record Query<TResult>
{
    [JsonIgnore] public Actor By { get; init; } = null!;
}

/// <summary>What a command's or a query's handler answers: the result, or why it was refused.</summary>
public sealed record Outcome<T>(T? Value, IReadOnlyList<Problem> Problems, bool Repeated = false)
{
    public bool Accepted => Problems.Count == 0;

    public static implicit operator Outcome<T>(T value) => new(value, []);

    /// <summary>For a result whose type is an interface, which no conversion operator can take.</summary>
    public static Outcome<T> Of(T value) => new(value, []);

    public static Outcome<T> Refused(params Problem[] problems) => new(default, problems);

    public static Outcome<T> Refused(IReadOnlyList<Problem> problems) => new(default, problems);

    /// <summary>The same submission was carried out before: nothing new was done.</summary>
    public static Outcome<T> Again() => new(default, [], Repeated: true);
}
