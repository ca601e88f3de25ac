using System.Runtime.CompilerServices;
using JasperFx.Events;
using Npgsql;

namespace Fleet.Server.Integrity;

/// <summary>
/// Seals every event any session of the store appends — HTTP commands, Wolverine's timers, the city's setup, the demo
/// city and the logbook import alike — in the transaction that stores it. With Marten's quick append the sequence and
/// version of an event are only known once it is inserted, so the seal is made after the insert and before the commit
/// (a transaction participant), over the row read back as PostgreSQL stores it: exactly what the chain keeper and the
/// verifier will read.
/// </summary>
public sealed class AuditSealing(string schema, AuditSealer sealer) : DocumentSessionListenerBase
{
    private readonly ConditionalWeakTable<IDocumentSession, Participant> _participants = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var events = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
        if (_participants.TryGetValue(session, out var known))
        {
            // A session may save more than once; each save seals its own events, and a retried commit seals them again.
            known.Pending = events;
        }
        else if (events.Count > 0)
        {
            if (session is not ITransactionParticipantRegistrar registrar)
                throw new InvalidOperationException($"A {session.GetType().Name} cannot seal the events it appends: it takes no transaction participant.");
            var participant = new Participant(schema, sealer) { Pending = events };
            _participants.AddOrUpdate(session, participant);
            registrar.AddTransactionParticipant(participant);
        }

        return Task.CompletedTask;
    }

    private sealed class Participant(string schema, AuditSealer sealer) : ITransactionParticipant
    {
        public IReadOnlyList<IEvent> Pending { get; set; } = [];

        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
        {
            if (Pending.Count == 0) return Task.CompletedTask;
            var sequences = Pending.Select(e => e.Sequence).ToArray();
            if (sequences.Any(s => s <= 0))
                throw new InvalidOperationException("An event was stored without its sequence being known: it cannot be sealed.");
            return AuditChainStore.SealAsync(connection, transaction, schema, sealer, sequences, token);
        }
    }
}
