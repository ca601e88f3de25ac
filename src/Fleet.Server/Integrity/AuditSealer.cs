using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Integrity;

/// <summary>
/// Seals every event the server stores: an HMAC-SHA256 over its canonical form (<see cref="AuditChain.Canonical"/> —
/// sequence, pool, stream, version, type, id, actor, timestamp, correlation, causation, headers and data), with a key
/// kept in a file outside the database (<c>Fleet:Audit:SealKeyFile</c>). A row written into <c>mt_events</c> by hand
/// has no valid seal, and a seal copied with a row does not fit the row's new sequence, stream or id: an event Fleet
/// did not write is told apart from one it did (docs/adr/006).
/// </summary>
public sealed class AuditSealer(byte[] key)
{
    private static readonly byte[] Purpose = "fleet-event-seal-v1\u001f"u8.ToArray();

    public static AuditSealer FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var file = AuditKeyFile.SealKey(configuration, environment);
        var text = AuditKeyFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Trim();
        var key = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, key, out var length) || length < 32)
            throw new InvalidOperationException($"{file} holds no sealing key: the audit sealing key is at least 32 random bytes, base64.");
        return new AuditSealer(key[..length]);
    }

    public byte[] Seal(ChainedEvent e)
    {
        var canonical = Encoding.UTF8.GetBytes(AuditChain.Canonical(e));
        var input = new byte[Purpose.Length + canonical.Length];
        Purpose.CopyTo(input, 0);
        canonical.CopyTo(input, Purpose.Length);
        return HMACSHA256.HashData(key, input);
    }

    public bool Verifies(ChainedEvent e) => e.Seal is { } seal && CryptographicOperations.FixedTimeEquals(Seal(e), seal);
}
