using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Audit;

/// <summary>One stored event as the chain sees it: exactly the columns of its row that an auditor relies on.</summary>
public sealed record ChainedEvent(long Sequence, string Pool, Guid StreamId, long Version, string Type, string Data, string? Actor, NodaTime.Instant Timestamp);

/// <summary>
/// The tamper-evident chain over the event store (see docs/adr/006): each link is SHA-256 over the previous link
/// and a canonical text of one event — sequence, pool, stream, version, type alias, actor, timestamp and the data
/// as PostgreSQL stores it. Changing, removing, reordering or adding any event changes every later link. There is
/// one chain for the whole store (<see cref="City"/>) and one per pool, so a district can check its own.
/// </summary>
public static class AuditChain
{
    public const string City = "city";

    /// <summary>The link before the first event: a fixed, published value.</summary>
    public static readonly byte[] Genesis = SHA256.HashData("fleet-audit-chain-v1"u8);

    public static byte[] Next(byte[] previous, ChainedEvent e)
    {
        var text = string.Join('\u001f',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Pool,
            e.StreamId.ToString("D"),
            e.Version.ToString(CultureInfo.InvariantCulture),
            e.Type,
            e.Actor ?? "",
            // Microseconds, as PostgreSQL keeps them: the same instant always reads the same.
            (e.Timestamp.ToUnixTimeTicks() / 10).ToString(CultureInfo.InvariantCulture),
            e.Data);
        var bytes = Encoding.UTF8.GetBytes(text);
        var input = new byte[previous.Length + bytes.Length];
        previous.CopyTo(input, 0);
        bytes.CopyTo(input, previous.Length);
        return SHA256.HashData(input);
    }

    public static string Hex(byte[] link) => Convert.ToHexStringLower(link);
}
