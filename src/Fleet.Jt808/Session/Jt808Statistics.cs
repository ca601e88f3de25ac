using Fleet.Jt808.Framing;

namespace Fleet.Jt808.Session;

/// <summary>Counters of what the gateway received, refused and stored, read by tests and, later, by the server's metrics.</summary>
public sealed class Jt808Statistics
{
    private readonly long[] _faults = new long[Enum.GetValues<FrameFault>().Length];
    private long _connectionsAccepted, _connectionsRefused, _connectionsClosed, _frames, _answersRefusing, _positions, _positionsDropped,
        _splitRefused, _failures;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Turned away at the door: over the connection limit.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Closed by the gateway for misbehaving (oversize frames, unreadable frames, refused codes).</summary>
    public long ConnectionsClosed => Interlocked.Read(ref _connectionsClosed);

    /// <summary>Frames read, readable or not.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    public long FramesDropped => _faults.Select((_, i) => Interlocked.Read(ref _faults[i])).Sum();

    public long Dropped(FrameFault fault) => Interlocked.Read(ref _faults[(int)fault]);

    /// <summary>Messages answered with anything but ok (failure, wrong message, unsupported).</summary>
    public long AnswersRefusing => Interlocked.Read(ref _answersRefusing);

    /// <summary>Positions the sink accepted and the terminal was told so.</summary>
    public long PositionsStored => Interlocked.Read(ref _positions);

    /// <summary>Positions of accepted batches left out as implausible.</summary>
    public long PositionsDropped => Interlocked.Read(ref _positionsDropped);

    public long SplitMessagesRefused => Interlocked.Read(ref _splitRefused);

    /// <summary>Unexpected exceptions in a connection: zero unless the gateway has a bug.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);
    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);
    internal void ConnectionClosed() => Interlocked.Increment(ref _connectionsClosed);
    internal void FrameRead() => Interlocked.Increment(ref _frames);
    internal void FrameDropped(FrameFault fault) => Interlocked.Increment(ref _faults[(int)fault]);
    internal void AnswerRefusing() => Interlocked.Increment(ref _answersRefusing);
    internal void PositionsStoredAdd(int count) => Interlocked.Add(ref _positions, count);
    internal void PositionsDroppedAdd(int count) => Interlocked.Add(ref _positionsDropped, count);
    internal void SplitMessageRefused() => Interlocked.Increment(ref _splitRefused);
    internal void Failure() => Interlocked.Increment(ref _failures);
}
