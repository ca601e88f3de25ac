using System.Buffers;

namespace Fleet.Jt808.Framing;

/// <summary>What the splitter found in the bytes read so far.</summary>
public enum SplitOutcome
{
    /// <summary>Nothing whole yet: read more.</summary>
    NeedMore,
    /// <summary>The bytes between two flags: a candidate frame, escaped.</summary>
    Frame,
    /// <summary>A frame longer than the limit: its bytes were thrown away.</summary>
    Oversize,
}

/// <summary>
/// Cuts a byte stream into frames at the 0x7e flags. Every flag is a boundary and an empty stretch between two flags
/// is skipped, so both "7e…7e 7e…7e" and the shared-flag form "7e…7e…7e" read, and after garbage the next flag
/// resynchronises. Bytes before the first flag are not a frame. A stretch longer than the limit is dropped as it
/// arrives, never buffered whole, and reported once.
/// </summary>
public sealed class Jt808FrameSplitter(int maxFrameLength = Jt808Packets.MaxEscapedFrameLength)
{
    private bool _seenFlag;
    private bool _discarding;

    /// <summary>
    /// Takes the next frame from <paramref name="buffer"/>, advancing it past what was consumed. Call until it answers
    /// <see cref="SplitOutcome.NeedMore"/>; then the buffer holds the unfinished tail to keep for the next read.
    /// </summary>
    public SplitOutcome Next(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        while (true)
        {
            var flag = buffer.PositionOf(Jt808Escaping.Flag);
            if (flag is null)
            {
                if (buffer.Length <= maxFrameLength) return SplitOutcome.NeedMore;
                // Not even a frame's worth without a flag: drop it now rather than hold an attacker's stream.
                buffer = buffer.Slice(buffer.End);
                if (_discarding) continue;
                _discarding = true;
                return SplitOutcome.Oversize;
            }

            var stretch = buffer.Slice(0, flag.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, flag.Value));
            var wasDiscarding = _discarding;
            var wasSeen = _seenFlag;
            _discarding = false;
            _seenFlag = true;
            if (!wasSeen || wasDiscarding || stretch.IsEmpty) continue;
            if (stretch.Length > maxFrameLength) return SplitOutcome.Oversize;
            frame = stretch;
            return SplitOutcome.Frame;
        }
    }
}
