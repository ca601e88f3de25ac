using Npgsql;
using NpgsqlTypes;

namespace Fleet.Server.Integrity;

/// <summary>Where a chain stops matching the events, and how.</summary>
/// <param name="Reason"><c>changed</c> (the event is not what was chained), <c>missing</c> (a chained event is gone),
/// <c>unchained</c> (an event appeared that was never chained), <c>forged</c> (an event Fleet did not write: it carries
/// no valid seal), <c>digest</c> (the chain differs from an exported digest).</param>
public sealed record ChainBreak(string Chain, long Sequence, string Reason, Guid? StreamId, long? Version, string? Type, LocalDate? Day);

/// <summary>Where a verification starts each chain: at its newest trusted checkpoint, or at its first event.</summary>
public enum VerificationStart
{
    /// <summary>After the newest signed checkpoint of each chain that still holds; a chain without one from its first event.</summary>
    Checkpoint,

    /// <summary>Every chain from its first event: what also finds a change made before a checkpoint.</summary>
    Start,
}

/// <summary>How one chain was checked: from which checkpoint (none: from its first event) and how many events.</summary>
public sealed record ChainVerified(string Chain, long EventsChecked, long? CheckpointSequence, Instant? CheckpointAt);

/// <param name="EventsChecked">The events checked: of the city's chain for a supervisor of the city, of the district's for a district's.</param>
/// <param name="From">What was asked for; <see cref="Chains"/> tells where each chain started.</param>
/// <param name="CheckpointAt">When the oldest checkpoint a chain started from was verified; null when every chain was checked from its first event.</param>
public sealed record AuditVerification(bool Intact, long EventsChecked, int DigestsChecked, IReadOnlyList<ChainBreak> Breaks, VerificationStart From,
    Instant? CheckpointAt, IReadOnlyList<ChainVerified> Chains);

/// <summary>
/// Recomputes each chain — from its newest trusted checkpoint (<see cref="AuditCheckpoint"/>), or from its first
/// event — and compares it, event by event, with the links kept when the events were stored; and, when given, with
/// digests exported earlier and kept outside the system, which a rewrite of both the events and the stored links
/// cannot match (always from the first event: the digests cover the whole history). Checks each event's seal where the
/// chain holds sealed events, also of the events stored after the chain's last link. Reports the first break of each
/// chain, and signs a checkpoint at the last link of each chain it found intact.
/// </summary>
public sealed class AuditVerifier(AuditChainStore chain, AuditSealer sealer, AuditSigner signer, IClock clock)
{
    /// <summary>How many sequence numbers a chain's check reads at a time.</summary>
    private const long Window = 5_000;

    public Task<AuditVerification> VerifyAsync(IReadOnlyCollection<string>? chains, IReadOnlyList<AuditDigest>? digests, CancellationToken cancellation) =>
        VerifyAsync(chains, digests, VerificationStart.Checkpoint, null, cancellation);

    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<string>? chains, IReadOnlyList<AuditDigest>? digests, VerificationStart from,
        AuditVerificationProgress? progress, CancellationToken cancellation)
    {
        if (digests is not null) from = VerificationStart.Start;
        await using var connection = await chain.DataSource.OpenConnectionAsync(cancellation);
        var heads = await chain.HeadsAsync(connection, cancellation);
        var names = (chains ?? heads.Keys).Where(heads.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var starts = new Dictionary<string, AuditCheckpoint?>();
        foreach (var name in names)
        {
            starts[name] = from == VerificationStart.Checkpoint
                ? AuditCheckpoint.Trusted(await chain.CheckpointsAsync(connection, name, heads[name].Sequence, cancellation), signer)
                : null;
        }

        if (progress is not null)
        {
            foreach (var name in names)
                progress.Plan(name, await chain.CountAfterAsync(connection, name, starts[name]?.Sequence ?? 0, heads[name].Sequence, cancellation));
        }

        var breaks = new List<ChainBreak>();
        var verified = new List<ChainVerified>();
        long checkedEvents = 0;
        var digestsChecked = 0;
        foreach (var name in names)
        {
            var wanted = (digests ?? []).Where(d => d.Chain == name).ToDictionary(d => d.LastSequence);
            var start = starts[name];
            var tally = progress?.Of(name);
            var (events, broken, matched, link) = await VerifyChainAsync(connection, name, start, heads[name].Sequence, wanted, tally, cancellation);
            checkedEvents += name == AuditChain.City || chains is not null ? events : 0;
            digestsChecked += matched.Count;
            verified.Add(new ChainVerified(name, events, start?.Sequence, start?.VerifiedAt));
            var missed = wanted.Values.Where(d => !matched.Contains(d.LastSequence) && (broken is null || d.LastSequence < broken.Sequence))
                .Select(d => new ChainBreak(name, d.LastSequence, "digest", null, null, null, d.Day)).ToList();
            if (broken is not null) breaks.Add(broken);
            breaks.AddRange(missed);
            // Only a chain found intact up to its last link gets a checkpoint there.
            if (broken is null && missed.Count == 0 && heads[name].Sequence > (start?.Sequence ?? 0))
            {
                await chain.RecordCheckpointAsync(connection,
                    AuditCheckpoint.Create(name, heads[name].Sequence, link, heads[name].Format, clock.GetCurrentInstant(), signer), cancellation);
            }
        }

        var used = verified.Where(v => v.CheckpointAt is not null).Select(v => v.CheckpointAt!.Value).ToList();
        return new AuditVerification(breaks.Count == 0, checkedEvents, digestsChecked, breaks, from, used.Count > 0 ? used.Min() : null, verified);
    }

    private async Task<(long Events, ChainBreak? Break, HashSet<long> Matched, byte[] Link)> VerifyChainAsync(NpgsqlConnection connection, string name,
        AuditCheckpoint? start, long head, Dictionary<long, AuditDigest> digests, AuditVerificationProgress.Tally? tally, CancellationToken cancellation)
    {
        var pool = name == AuditChain.City ? "" : "and tenant_id = @pool";
        // From a checkpoint, the chain goes on from the link and format it signed, which the stored chain still holds.
        var link = start?.Link ?? AuditChain.Genesis;
        LinkFormat? last = start?.Format;
        long events = 0;
        var matched = new HashSet<long>();
        // Both sides end at the head read first: links the chain gains meanwhile belong to the next check, not to a break.
        // The range is read a window at a time, each table over the window alone, so that a check costs what it reads: one read
        // of the whole range sorted it on disk past a few thousand events, and the seals, joined on the sequence only, were read whole.
        var window = $"""
            select l.seq_id, l.format, {AuditChainStore.EventColumns}, l.link
            from (select * from {chain.Events} where seq_id > @after and seq_id <= @until {pool}) e
            left join (select seq_id, seal from {chain.Seals} where seq_id > @after and seq_id <= @until) s on s.seq_id = e.seq_id
            full outer join (select seq_id, link, format from {chain.Links} where chain = @chain and seq_id > @after and seq_id <= @until) l on l.seq_id = e.seq_id
            order by coalesce(l.seq_id, e.seq_id)
            """;
        for (var from = start?.Sequence ?? 0; from < head; from += Window)
        {
            await using var command = new NpgsqlCommand(window, connection);
            command.Parameters.AddWithValue("after", from);
            command.Parameters.AddWithValue("until", Math.Min(from + Window, head));
            command.Parameters.AddWithValue("chain", name);
            command.Parameters.Add(new NpgsqlParameter("pool", NpgsqlDbType.Text) { Value = name });

            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                if (reader.IsDBNull(2))
                    return (events, new ChainBreak(name, reader.GetInt64(0), "missing", null, null, null, null), matched, link);

                var e = AuditChainStore.Read(reader, 2);
                if (reader.IsDBNull(0)) return (events, Break(name, e, Forged(e, last) ? "forged" : "unchained"), matched, link);

                var format = (LinkFormat)reader.GetInt16(1);
                link = AuditChain.Next(link, e, format);
                events++;
                tally?.Checked();
                if (!link.AsSpan().SequenceEqual((byte[])reader[15])) return (events, Break(name, e, "changed"), matched, link);
                // The link is as the keeper made it; whether the event is genuine is the seal's to say.
                if (!Genuine(e, format, last)) return (events, Break(name, e, "forged"), matched, link);
                last = format;
                if (digests.TryGetValue(e.Sequence, out var digest))
                {
                    if (digest.Link != AuditChain.Hex(link)) return (events, Break(name, e, "digest") with { Day = digest.Day }, matched, link);
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
                var format = AuditChain.FormatOf(e, sealer.Verifies(e), last);
                if (format == LinkFormat.Forged) return (events, Break(name, e, "forged"), matched, link);
                last = format;
                events++;
                tally?.Checked();
            }
        }

        return (events, null, matched, link);
    }

    /// <summary>
    /// Whether a chained event is one Fleet wrote: a sealed link's event still carries its valid seal, and an unsealed
    /// one belongs to the history from before seals, which ends with the chain's first sealed link; a vacant number (see
    /// <see cref="AuditChain.IsVacant"/>) is nobody's event and so no forgery.
    /// </summary>
    private bool Genuine(ChainedEvent e, LinkFormat format, LinkFormat? last) => format switch
    {
        LinkFormat.Sealed => sealer.Verifies(e),
        LinkFormat.Original => last is null or LinkFormat.Original,
        LinkFormat.Vacant => AuditChain.IsVacant(e),
        _ => false,
    };

    /// <summary>Whether the event, following a link of <paramref name="last"/>'s format, would be chained as forged.</summary>
    private bool Forged(ChainedEvent e, LinkFormat? last) => AuditChain.FormatOf(e, sealer.Verifies(e), last) == LinkFormat.Forged;

    private static ChainBreak Break(string chain, ChainedEvent e, string reason) => new(chain, e.Sequence, reason, e.StreamId, e.Version, e.Type, null);
}
