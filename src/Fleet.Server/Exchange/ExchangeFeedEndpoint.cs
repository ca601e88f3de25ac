using System.Security.Claims;
using System.Text.Json.Serialization;
using Fleet.Domain.People;
using Fleet.Server.Integrity;
using JasperFx.Events;

namespace Fleet.Server.Exchange;

/// <summary>
/// One stored event as another platform receives it, in the shape of a CloudEvents 1.0 envelope (JSON format): what
/// happened (<c>type</c>, versioned), to which record (<c>subject</c>), in which pool (<c>source</c>), when, and its
/// position in the store (<c>sequence</c>) to resume from. Attribute names are CloudEvents' own (all lower case), so a
/// CloudEvents library reads it as it is. See docs/exchange/README.md.
/// </summary>
[Wolverine.Attributes.MessageIdentity("fleet.exchange.v1")]
public sealed record ExchangeEnvelope(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    string Id,
    string Source,
    string Type,
    [property: JsonPropertyName("dataschema")] string DataSchema,
    string Subject,
    Instant Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    long Sequence,
    string Pool,
    long Version,
    object Data)
{
    /// <summary>The version of the exchange format, part of every <see cref="DataSchema"/>.</summary>
    public const string FormatVersion = "v1";

    public static ExchangeEnvelope From(IEvent e) => new(
        SpecVersion: "1.0",
        Id: e.Id.ToString(),
        Source: $"urn:fleet:pool:{e.TenantId}",
        Type: $"fleet.{e.EventTypeName}",
        DataSchema: $"urn:fleet:exchange:{FormatVersion}:{e.EventTypeName}",
        Subject: e.StreamId.ToString(),
        Time: Instant.FromDateTimeOffset(e.Timestamp),
        DataContentType: "application/json",
        Sequence: e.Sequence,
        Pool: e.TenantId,
        Version: e.Version,
        Data: e.Data);
}

/// <summary>A page of the feed; <see cref="Next"/> is the <c>after</c> of the next request.</summary>
public sealed record ExchangeFeedPage(IReadOnlyList<ExchangeEnvelope> Items, long Next, bool CaughtUp);

public static class ExchangeFeedEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    /// <summary>
    /// The pull feed for upper-level platforms: every event after <c>after</c> in store order, at most <c>limit</c>,
    /// and only events the store has settled, so that a consumer resuming from <see cref="ExchangeFeedPage.Next"/>
    /// never skips one committed late. A city supervisor's account reads every pool, a district's its own.
    /// </summary>
    [WolverineGet("/api/exchange/feed", OperationId = "ReadExchangeFeed"), Tags("Exchange")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static async Task<Results<Ok<ExchangeFeedPage>, ProblemHttpResult>> Feed(long? after, int? limit, ClaimsPrincipal user, IQuerySession session,
        AuditChains chains, ProblemText text, CancellationToken cancellation)
    {
        // The feed numbers events as the reader's city's database does (ADR 025).
        var store = chains.For(Actor.Of(user).Pool).Chain;
        var problems = new List<Problem>();
        if (after is < 0) problems.Add(Problem.Invalid("exchange.after_invalid", "after", "after is a position in the feed: 0 or more."));
        if (limit is < 1 or > MaxLimit)
            problems.Add(Problem.Invalid("exchange.limit_invalid", "limit", "limit is between 1 and {0}.", MaxLimit));
        if (problems.Count > 0) return FleetProblems.From(problems, text);

        var from = after ?? 0;
        var settled = await store.SafeUpToAsync(cancellation);
        // A position the store never reached is a consumer's mistake (or a store restored from an older backup): an
        // empty "caught up" page would let it skip every event up to that number without a word.
        if (from > settled)
        {
            var reached = await store.ReachedAsync(cancellation);
            if (from > reached)
            {
                var refusal = FleetProblems.From([PositionUnknown(from, reached)], text);
                refusal.ProblemDetails.Extensions["lastPosition"] = reached;
                return refusal;
            }
        }

        var actor = Actor.Of(user);
        IQueryable<IEvent> events = session.Events.QueryAllRawEvents();
        if (actor.SeesWholeCity) events = events.Where(e => e.InCity());
        // A vacant number (Marten's tombstone after a failed save) holds nothing to exchange; the positions go on past it.
        var page = await events.Where(e => e.Sequence > from && e.Sequence <= settled && e.EventTypeName != AuditChain.TombstoneType)
            .OrderBy(e => e.Sequence).Take(limit ?? DefaultLimit).ToListAsync(cancellation);

        var next = page.Count > 0 ? page[^1].Sequence : Math.Max(from, settled);
        return TypedResults.Ok(new ExchangeFeedPage(page.Select(ExchangeEnvelope.From).ToList(), next, page.Count < (limit ?? DefaultLimit)));
    }

    public static Problem PositionUnknown(long after, long reached) =>
        Problem.Conflict("exchange.position_unknown",
            "The store has never reached position {0}: its last position is {1}. Resume from the last next the feed gave you, or from 0 to read everything again.",
            after, reached);
}
