using System.Threading.Channels;
using Fleet.Domain.Positions;

namespace Fleet.Server.Positions.Intake;

/// <summary>
/// Reports of many terminals taken into the intake together. Each connection waits for its own report to be stored before
/// it acknowledges it, so on its own every report was one lookup of its terminal and one COPY with its own commit, and
/// the gateway stored a fraction of what PostgreSQL can copy. Here the reports that arrive while a batch is being
/// written wait for the next one, which takes them all in one lookup and one COPY (a group commit): the busier the
/// gateway, the larger the batches, and a quiet gateway still writes each report at once. A report's task completes
/// only after the batch holding it is stored, so the acknowledgement still follows the commit (docs/positions/jt808.md);
/// a batch that fails fails every report in it, and their terminals send them again.
/// </summary>
public sealed class PositionBatches : IAsyncDisposable
{
    private readonly IPositionIntake _intake;
    private readonly int _maxPositions;
    private readonly Channel<Waiting> _queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;
    private long _batches, _positions;

    /// <param name="writers">Batches written at once: one may be copying while the next looks its terminals up or waits for its commit.</param>
    /// <param name="maxPositions">Positions after which a batch takes no more reports; a report is never split.</param>
    public PositionBatches(IPositionIntake intake, int writers = 2, int maxPositions = 5_000)
    {
        _intake = intake;
        _maxPositions = maxPositions;
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>Batches written so far, and the positions in them: how well the reports were gathered.</summary>
    public (long Batches, long Positions) Written => (Interlocked.Read(ref _batches), Interlocked.Read(ref _positions));

    /// <summary>
    /// Completes once the positions are stored (or refused for good by the intake); faults when their batch could not be
    /// written. A report once taken is waited for until its batch is written, even while the gateway stops (the writers
    /// finish what they took): the wait is one batch's write, and a cancellable wait per report cost the busy gateway a
    /// registration on the connection's token and an extra continuation for each.
    /// </summary>
    public Task TakeAsync(IReadOnlyList<Position> positions, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var waiting = new Waiting(positions, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(waiting)) throw new InvalidOperationException("The gateway is stopping: no more positions are taken.");
        return waiting.Stored.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Waiting>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            // Whatever has queued up, until the batch holds the limit (the last report taken may carry it over).
            while (count < _maxPositions && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Positions.Count;
            }

            if (batch.Count == 0) continue;
            try
            {
                await _intake.TakeAsync(batch.Count == 1 ? batch[0].Positions : batch.SelectMany(w => w.Positions).ToList(), CancellationToken.None);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _positions, count);
                foreach (var waiting in batch) waiting.Stored.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var waiting in batch) waiting.Stored.TrySetException(e);
            }
        }
    }

    /// <summary>Takes nothing more, and writes what was taken already before it returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private sealed record Waiting(IReadOnlyList<Position> Positions, TaskCompletionSource Stored);
}
