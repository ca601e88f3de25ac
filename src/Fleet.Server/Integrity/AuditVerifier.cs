using Npgsql;
using NpgsqlTypes;

namespace Fleet.Server.Integrity;

/// <summary>Where a chain stops matching the events, and how.</summary>
/// <param name="Reason"><c>changed</c> (the event is not what was chained), <c>missing</c> (a chained event is gone),
/// <c>unchained</c> (an event appeared that was never chained), <c>forged</c> (an event Fleet did not write: it carries
/// no valid seal), <c>digest</c> (the chain differs from an exported digest).</param>
public sealed record ChainBreak(string Chain, long Sequence, string Reason, Guid? StreamId, long? Version, string? Type, LocalDate? Day);

public sealed record AuditVerification(bool Intact, long EventsChecked, int DigestsChecked, IReadOnlyList<ChainBreak> Breaks);

/// <summary>
/// Recomputes each chain from its first event and compares it, event by event, with the links kept when the events
/// were stored — and, when given, with digests exported earlier and kept outside the system, which a rewrite of both
/// the events and the stored links cannot match. Checks each event's seal where the chain holds sealed events, also of
/// the events stored after the chain's last link. Reports the first break of each chain.
/// </summary>
public sealed class AuditVerifier(AuditChainStore chain, AuditSealer sealer)
{
    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<string>? chains, IReadOnlyList<AuditDigest>? digests,
        CancellationToken cancellation)
    {
        await using var connection = await chain.DataSource.OpenConnectionAsync(cancellation);
        var heads = await chain.HeadsAsync(connection, cancellation);
        var names = (chains ?? heads.Keys).Where(heads.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var breaks = new List<ChainBreak>();
        long checkedEvents = 0;
        var digestsChecked = 0;
        foreach (var name in names)
        {
            var wanted = (digests ?? []).Where(d => d.Chain == name).ToDictionary(d => d.LastSequence);
            var (events, broken, matched) = await VerifyChainAsync(connection, name, heads[name].Sequence, wanted, cancellation);
            checkedEvents += name == AuditChain.City || chains is not null ? events : 0;
            digestsChecked += matched.Count;
            if (broken is not null) breaks.Add(broken);
            breaks.AddRange(wanted.Values.Where(d => !matched.Contains(d.LastSequence) && (broken is null || d.LastSequence < broken.Sequence))
                .Select(d => new ChainBreak(name, d.LastSequence, "digest", null, null, null, d.Day)));
        }

        return new AuditVerification(breaks.Count == 0, checkedEvents, digestsChecked, breaks);
    }

    private async Task<(long Events, ChainBreak? Break, HashSet<long> Matched)> VerifyChainAsync(NpgsqlConnection connection, string name, long head,
        Dictionary<long, AuditDigest> digests, CancellationToken cancellation)
    {
        var pool = name == AuditChain.City ? "" : "and tenant_id = @pool";
        // Both sides end at the head read first: links the chain gains meanwhile belong to the next check, not to a break.
        await using var command = new NpgsqlCommand($"""
            select l.seq_id, l.format, {AuditChainStore.EventColumns}, l.link
            from (select * from {chain.Events} where seq_id <= @head {pool}) e
            left join {chain.Seals} s on s.seq_id = e.seq_id
            full outer join (select seq_id, link, format from {chain.Links} where chain = @chain and seq_id <= @head) l on l.seq_id = e.seq_id
            order by coalesce(l.seq_id, e.seq_id)
            """, connection);
        command.Parameters.AddWithValue("head", head);
        command.Parameters.AddWithValue("chain", name);
        command.Parameters.Add(new NpgsqlParameter("pool", NpgsqlDbType.Text) { Value = name });

        var link = AuditChain.Genesis;
        LinkFormat? last = null;
        long events = 0;
        var matched = new HashSet<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                if (reader.IsDBNull(2))
                    return (events, new ChainBreak(name, reader.GetInt64(0), "missing", null, null, null, null), matched);

                var e = AuditChainStore.Read(reader, 2);
                if (reader.IsDBNull(0)) return (events, Break(name, e, Forged(e, last) ? "forged" : "unchained"), matched);

                var format = (LinkFormat)reader.GetInt16(1);
                link = AuditChain.Next(link, e, format);
                events++;
                if (!link.AsSpan().SequenceEqual((byte[])reader[15])) return (events, Break(name, e, "changed"), matched);
                // The link is as the keeper made it; whether the event is genuine is the seal's to say.
                if (!Genuine(e, format, last)) return (events, Break(name, e, "forged"), matched);
                last = format;
                if (digests.TryGetValue(e.Sequence, out var digest))
                {
                    if (digest.Link != AuditChain.Hex(link)) return (events, Break(name, e, "digest") with { Day = digest.Day }, matched);
                    matched.Add(e.Sequence);
                }
            }
        }

        // Events stored since the chain's last link carry their seals already: one the server did not write is named now.
        await using var tail = chain.ReadEvents(connection, name == AuditChain.City ? "e.seq_id > @head" : "e.seq_id > @head and e.tenant_id = @pool");
        tail.Parameters.AddWithValue("head", head);
        tail.Parameters.Add(new NpgsqlParameter("pool", NpgsqlDbType.Text) { Value = name });
        await using (var reader = await tail.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                var e = AuditChainStore.Read(reader);
                var format = AuditChain.FormatOf(sealer.Verifies(e), last);
                if (format == LinkFormat.Forged) return (events, Break(name, e, "forged"), matched);
                last = format;
                events++;
            }
        }

        return (events, null, matched);
    }

    /// <summary>
    /// Whether a chained event is one Fleet wrote: a sealed link's event still carries its valid seal, and an unsealed
    /// one belongs to the history from before seals, which ends with the chain's first sealed link.
    /// </summary>
    private bool Genuine(ChainedEvent e, LinkFormat format, LinkFormat? last) => format switch
    {
        LinkFormat.Sealed => sealer.Verifies(e),
        LinkFormat.Original => last is null or LinkFormat.Original,
        _ => false,
    };

    /// <summary>Whether the event, following a link of <paramref name="last"/>'s format, would be chained as forged.</summary>
    private bool Forged(ChainedEvent e, LinkFormat? last) => AuditChain.FormatOf(sealer.Verifies(e), last) == LinkFormat.Forged;

    private static ChainBreak Break(string chain, ChainedEvent e, string reason) => new(chain, e.Sequence, reason, e.StreamId, e.Version, e.Type, null);
}
