using JasperFx.Events;
using Marten.Services;

namespace Fleet.Server.Infrastructure.Commands;

/// <summary>
/// Wolverine middleware of every command handler: stamps the events the command writes with who wrote them, in which
/// role and in answer to which request, and puts the submission's idempotency record into the same transaction, so
/// that a command is carried out at most once per submission whatever happens to the connection.
/// </summary>
public static class CommandSession
{
    /// <summary>The event header naming the roles the actor held when the command was carried out.</summary>
    public const string RoleHeader = "role";

    public const string Anonymous = "anonymous";

    public static void Before(Envelope envelope, IDocumentSession session, IClock clock)
    {
        if (envelope.Message is not ICommand { By: { } by } command) return;

        session.LastModifiedBy = by.UserId.ToString();
        session.SetHeader(RoleHeader, by.Roles.Count == 0 ? Anonymous : string.Join(',', by.Roles));
        if (command.Submission is not { } submission) return;

        session.CausationId = submission.Causation;
        if (submission is not { Key: { } key, Fingerprint: { } fingerprint }) return;

        var record = new IdempotencyRecord(IdempotencyRecord.IdOf(by.UserId, key), by.UserId, fingerprint, clock.GetCurrentInstant());
        session.SetHeader(IdempotencyMiddleware.EventHeader, key);
        if (submission.KeepsRefusals) session.Insert(record);
        else session.Listeners.Add(new RecordIfWritten(record));
    }

    /// <summary>A refused command writes nothing, and leaves its submission free to be tried again.</summary>
    private sealed class RecordIfWritten(IdempotencyRecord record) : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var changes = session.PendingChanges;
            // The record a form started is kept, so that a repeat of the form can lead to it.
            if (changes.Streams().Any() || changes.Operations().Any())
                session.Insert(record with { Stream = changes.Streams().FirstOrDefault(s => s.ActionType == StreamActionType.Start)?.Id });
            return Task.CompletedTask;
        }
    }
}
