using NodaTime;

namespace Fleet.Jt808.Framing;

/// <summary>Limits on the split messages one connection may have in hand: a terminal cannot make the gateway hold more.</summary>
public sealed record ReassemblyLimits(int MaxPendingMessages, int MaxPackets, int MaxBytes, Duration MaxAge)
{
    /// <summary>
    /// Positions fit one packet or a few; large split messages (pictures, recordings) are not spoken here, so the bounds
    /// are small: 4 messages, 64 packets and 64 KiB in hand, and a minute to complete.
    /// </summary>
    public static readonly ReassemblyLimits Default = new(4, 64, 64 * 1024, Duration.FromMinutes(1));
}

/// <summary>What adding one packet of a split message did.</summary>
public enum ReassemblyOutcome
{
    /// <summary>The message is whole: the packet returned holds all of its body.</summary>
    Complete,
    /// <summary>Kept; more packets are awaited.</summary>
    Pending,
    /// <summary>Over a limit: the message it belongs to was dropped.</summary>
    Refused,
}

/// <summary>
/// Puts split messages back together (JT/T 808 §4.4.3). The packets of one message carry consecutive serials and their
/// 1-based index, so the message is known by its terminal, id, packet count and the serial of packet 1. A packet sent again
/// replaces its earlier copy. A message not whole within the age limit is dropped when the next packet arrives, and
/// the oldest is dropped to make room for a new one.
/// </summary>
public sealed class Jt808Reassembly(ReassemblyLimits limits)
{
    private readonly record struct Key(string Phone, ushort MessageId, ushort Count, ushort FirstSerial);

    private sealed class Partial(Instant started)
    {
        public Instant Started { get; } = started;
        public Dictionary<ushort, Jt808Packet> Packets { get; } = [];
        public int Bytes => Packets.Values.Sum(p => p.Body.Length);
    }

    private readonly Dictionary<Key, Partial> _pending = [];

    public int PendingMessages => _pending.Count;

    public int PendingBytes => _pending.Values.Sum(p => p.Bytes);

    public ReassemblyOutcome Add(Jt808Packet packet, Instant now, out Jt808Packet? whole)
    {
        whole = null;
        if (packet.Header.Subpackage is not { } sub)
        {
            whole = packet;
            return ReassemblyOutcome.Complete;
        }

        foreach (var stale in _pending.Where(p => now - p.Value.Started > limits.MaxAge).Select(p => p.Key).ToList())
            _pending.Remove(stale);

        if (sub.Count > limits.MaxPackets) return ReassemblyOutcome.Refused;
        var key = new Key(packet.Header.Phone, packet.Header.MessageId, sub.Count, (ushort)(packet.Header.Serial - (sub.Index - 1)));
        if (!_pending.TryGetValue(key, out var partial))
        {
            if (_pending.Count >= limits.MaxPendingMessages)
                _pending.Remove(_pending.MinBy(p => p.Value.Started).Key);
            partial = new Partial(now);
            _pending[key] = partial;
        }

        partial.Packets[sub.Index] = packet;
        if (PendingBytes > limits.MaxBytes)
        {
            _pending.Remove(key);
            return ReassemblyOutcome.Refused;
        }

        if (partial.Packets.Count < sub.Count) return ReassemblyOutcome.Pending;

        _pending.Remove(key);
        var body = new byte[partial.Bytes];
        var at = 0;
        for (ushort i = 1; i <= sub.Count; i++)
        {
            var part = partial.Packets[i].Body;
            part.CopyTo(body, at);
            at += part.Length;
        }

        whole = new Jt808Packet(packet.Header with { Subpackage = null }, body);
        return ReassemblyOutcome.Complete;
    }
}
