using System.Globalization;
using NodaTime.Text;

namespace Fleet.Server.Integrity;

/// <summary>
/// A chain position a verification found intact — its sequence, link and the link's format — signed with the key that
/// signs digest files (<see cref="AuditSigner"/>), which the database's administrators cannot read. The next
/// verification may start there instead of at the first event: only the events after it are recomputed (docs/adr/006).
/// </summary>
public sealed record AuditCheckpoint(string Chain, long Sequence, byte[] Link, LinkFormat Format, Instant VerifiedAt, string KeyId, string Signature)
{
    public static AuditCheckpoint Create(string chain, long sequence, byte[] link, LinkFormat format, Instant verifiedAt, AuditSigner signer)
    {
        // Microseconds, as PostgreSQL keeps them: the moment read back is the moment signed.
        var at = Instant.FromUnixTimeTicks(verifiedAt.ToUnixTimeTicks() / 10 * 10);
        return new AuditCheckpoint(chain, sequence, link, format, at, signer.PublicKey.KeyId, signer.Sign(Content(chain, sequence, link, format, at)));
    }

    /// <summary>
    /// What the signature covers. The format is in it because it decides how the events after the checkpoint are read:
    /// a checkpoint moved back to the unsealed history would let rows without a seal pass.
    /// </summary>
    public static string Content(string chain, long sequence, byte[] link, LinkFormat format, Instant verifiedAt) =>
        string.Join('|', "fleet-audit-checkpoint-v1", chain, sequence.ToString(CultureInfo.InvariantCulture), AuditChain.Hex(link),
            ((short)format).ToString(CultureInfo.InvariantCulture), InstantPattern.ExtendedIso.Format(verifiedAt));

    public bool SignedBy(AuditSigner signer) =>
        KeyId == signer.PublicKey.KeyId && signer.Verifies(Content(Chain, Sequence, Link, Format, VerifiedAt), Signature);

    /// <summary>
    /// Where a verification may start: the newest checkpoint that this server's key signed and whose position the chain
    /// still holds unchanged (link and format). One that fails either is passed over for an older one — a forged
    /// signature, a checkpoint of another key, or links rewritten since; with none left, the chain is checked from its
    /// first event.
    /// </summary>
    public static AuditCheckpoint? Trusted(IEnumerable<(AuditCheckpoint Checkpoint, byte[]? StoredLink, LinkFormat? StoredFormat)> newestFirst,
        AuditSigner signer) =>
        newestFirst.Where(c => c.StoredLink is { } stored && stored.AsSpan().SequenceEqual(c.Checkpoint.Link) && c.StoredFormat == c.Checkpoint.Format)
            .Select(c => c.Checkpoint)
            .FirstOrDefault(c => c.SignedBy(signer));
}
