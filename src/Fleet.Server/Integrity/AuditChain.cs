using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fleet.Server.Integrity;

/// <summary>
/// One stored event as the chain sees it: exactly the columns of its row that an auditor relies on, and the seal the
/// server stored with it (<see cref="AuditSealer"/>), null when it has none.
/// </summary>
public sealed record ChainedEvent(long Sequence, string Pool, Guid StreamId, long Version, string Type, string Data, string? Actor, NodaTime.Instant Timestamp,
    Guid Id, string? CorrelationId, string? CausationId, string? Headers, byte[]? Seal = null);

/// <summary>How a link was computed, stored beside it: the chain's canonical form is versioned, never changed.</summary>
public enum LinkFormat : short
{
    /// <summary>A row Fleet did not write (no valid seal), chained so that what follows stays covered, and reported as forged.</summary>
    Forged = 0,

    /// <summary>Before events were sealed: sequence, pool, stream, version, type, actor, timestamp and data.</summary>
    Original = 1,

    /// <summary>A sealed event: also its id, correlation, causation and headers (the role, the idempotency key).</summary>
    Sealed = 2,

    /// <summary>
    /// A sequence number that a save which then failed had taken (a lost race, a refused command): Marten fills it with an
    /// empty tombstone event, so that the projections do not wait on the gap. No session of Fleet's writes it, so it
    /// has no seal; it holds nothing, and is told apart from a forgery by its exact shape (<see cref="AuditChain.IsVacant"/>).
    /// </summary>
    Vacant = 3,
}

/// <summary>
/// The tamper-evident chain over the event store (see docs/adr/006): each link is SHA-256 over the previous link
/// and a canonical text of one event. Changing, removing, reordering or adding any event changes every later link.
/// There is one chain for the whole store (<see cref="City"/>) and one per pool, so a district can check its own.
/// </summary>
public static class AuditChain
{
    public const string City = "city";

    /// <summary>The link before the first event: a fixed, published value.</summary>
    public static readonly byte[] Genesis = SHA256.HashData("fleet-audit-chain-v1"u8);

    public static byte[] Next(byte[] previous, ChainedEvent e, LinkFormat format = LinkFormat.Original)
    {
        var text = format switch
        {
            LinkFormat.Original => Original(e),
            // The format opens the text: a forged row's link can never pass for a sealed one's.
            LinkFormat.Sealed => "sealed\u001f" + Canonical(e),
            LinkFormat.Forged => "forged\u001f" + Canonical(e),
            LinkFormat.Vacant => "vacant\u001f" + Canonical(e),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "An unknown audit link format."),
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        var input = new byte[previous.Length + bytes.Length];
        previous.CopyTo(input, 0);
        bytes.CopyTo(input, previous.Length);
        return SHA256.HashData(input);
    }

    /// <summary>
    /// What a new link of the city's chain is, given the event, whether it carries a valid seal and how the chain's
    /// last link was made. Unsealed events are history from before seals only while the chain has never held a sealed
    /// one; an empty chain is a store that was sealed from its first event.
    /// </summary>
    public static LinkFormat FormatOf(ChainedEvent e, bool sealValid, LinkFormat? last) =>
        sealValid ? LinkFormat.Sealed
        : last == LinkFormat.Original ? LinkFormat.Original
        : IsVacant(e) ? LinkFormat.Vacant
        : LinkFormat.Forged;

    /// <summary>Marten's name for its tombstone event, as stored in the type column.</summary>
    public const string TombstoneType = "tombstone";

    /// <summary>
    /// Whether a row is exactly what Marten writes at a sequence number left by a failed save: its tombstone event, empty,
    /// at a version equal to its sequence, with no actor, correlation, causation or headers, and unsealed. (Its stream is one
    /// Marten names anew in every process, so it says nothing.) A genuine event turned into one keeps its seal, which
    /// then names it as forged; a vacant row itself carries nothing that could inflate a figure. What it cannot show —
    /// a genuine event deleted with its seal before the keeper chained it — no row can: see docs/adr/006.
    /// </summary>
    public static bool IsVacant(ChainedEvent e) =>
        e is { Seal: null, Type: TombstoneType, Data: "{}", Actor: null, CorrelationId: null, CausationId: null, Headers: null } && e.Version == e.Sequence;

    /// <summary>
    /// Every stored column an auditor relies on, joined by a unit separator: what both the seal and a sealed link cover.
    /// </summary>
    public static string Canonical(ChainedEvent e) => string.Join('\u001f',
        Original(e),
        e.Id.ToString("D"),
        // JSON strings: free text that can hold no separator, and null apart from empty.
        JsonSerializer.Serialize(e.CorrelationId),
        JsonSerializer.Serialize(e.CausationId),
        // As PostgreSQL stores it (jsonb::text), like the data.
        e.Headers ?? "");

    private static string Original(ChainedEvent e) => string.Join('\u001f',
        e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.Pool,
        e.StreamId.ToString("D"),
        e.Version.ToString(CultureInfo.InvariantCulture),
        e.Type,
        e.Actor ?? "",
        // Microseconds, as PostgreSQL keeps them: the same instant always reads the same.
        (e.Timestamp.ToUnixTimeTicks() / 10).ToString(CultureInfo.InvariantCulture),
        e.Data);

    public static string Hex(byte[] link) => Convert.ToHexStringLower(link);
}
