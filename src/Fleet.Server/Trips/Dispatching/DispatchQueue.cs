using System.Collections.Concurrent;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// A command that takes the pool's dispatch register (see <see cref="DispatchDesk"/>): on each node it waits its turn in
/// <see cref="DispatchQueue"/> before its session touches the database.
/// </summary>
public interface IQueuedAtTheDispatchDesk : ICommand;

/// <summary>
/// The dispatches and reassignments of a pool, a few at a time on this node. The register's row lock alone keeps them
/// apart, across nodes too; but a dispatcher waiting for it does so inside PostgreSQL, holding a pooled connection and a
/// transaction, and under a burst the waiters took every connection and both cores while the holder waited its turn for
/// them — a convoy that outlived the burst (docs/adr/024). Here the waiters hold nothing but memory, and at most
/// <see cref="AtOnce"/> commands of a pool per node are in the database: one under the lock, the others reading what
/// they will decide on, so that a dispatch's reads overlap the commit before it.
/// </summary>
public sealed class DispatchQueue
{
    /// <summary>
    /// Enough to overlap a dispatch's reads with the one before it under the lock; one at a time made each dispatch's whole
    /// round of reads part of the serial section, which held about 35 dispatches a second on this machine's two cores.
    /// </summary>
    public const int AtOnce = 4;

    private readonly ConcurrentDictionary<string, Desk> _desks = new(StringComparer.Ordinal);

    public async Task<Turn> WaitAsync(string pool, CancellationToken cancellation)
    {
        var desk = _desks.GetOrAdd(pool, static _ => new Desk());
        Interlocked.Increment(ref desk.Waiting);
        try
        {
            await desk.Gate.WaitAsync(cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref desk.Waiting);
        }

        return new Turn(desk.Gate);
    }

    /// <summary>How many commands of <paramref name="pool"/> wait for their turn on this node.</summary>
    public int Waiting(string pool) => _desks.TryGetValue(pool, out var desk) ? Volatile.Read(ref desk.Waiting) : 0;

    /// <summary>A command's turn at the desk, ended once its transaction has committed or failed.</summary>
    public sealed class Turn(SemaphoreSlim gate)
    {
        public void End() => gate.Release();
    }

    private sealed class Desk
    {
        public readonly SemaphoreSlim Gate = new(AtOnce, AtOnce);
        public int Waiting;
    }
}

/// <summary>
/// Wolverine middleware of the commands queued at the dispatch desk. It wraps the whole handler, its reads and the
/// commit Wolverine makes after it, and runs before the session's first read, so that a waiting command has not yet
/// taken a connection.
/// </summary>
public static class DispatchQueueing
{
    public static Task<DispatchQueue.Turn> BeforeAsync(Envelope envelope, DispatchQueue queue, CancellationToken cancellation) =>
        queue.WaitAsync(((ICommand)envelope.Message!).By.Pool, cancellation);

    public static void Finally(DispatchQueue.Turn turn) => turn.End();
}
