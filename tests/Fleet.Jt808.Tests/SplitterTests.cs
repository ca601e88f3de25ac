using System.Buffers;
using Fleet.Jt808.Framing;
using FluentAssertions;
using Xunit;

namespace Fleet.Jt808.Tests;

public class SplitterTests
{
    [Fact]
    public void Cuts_frames_at_flags_whether_they_share_one_or_not()
    {
        var outcomes = Split(new Jt808FrameSplitter(), "7e 0102 7e 7e 0304 7e 0506 7e");

        outcomes.Should().Equal("0102", "0304", "0506");
    }

    [Fact]
    public void Bytes_before_the_first_flag_are_no_frame_and_garbage_between_frames_is_one_candidate()
    {
        var outcomes = Split(new Jt808FrameSplitter(), "ffee 7e 0102 7e aabb 7e 0304 7e");

        // aabb sits between two flags: it is offered as a frame (and will fail its check code), and 0304 still reads.
        outcomes.Should().Equal("0102", "aabb", "0304");
    }

    [Fact]
    public void A_frame_arriving_in_pieces_is_taken_whole()
    {
        var splitter = new Jt808FrameSplitter();
        var tail = new ReadOnlySequence<byte>(Hex.Bytes("7e 01"));
        splitter.Next(ref tail, out _).Should().Be(SplitOutcome.NeedMore);

        var rest = new ReadOnlySequence<byte>(Hex.Bytes(Hex.Of(tail.ToArray()) + "02 03 7e"));
        splitter.Next(ref rest, out var frame).Should().Be(SplitOutcome.Frame);

        Hex.Of(frame.ToArray()).Should().Be("010203");
    }

    [Fact]
    public void An_oversize_frame_is_reported_once_and_the_next_frame_reads()
    {
        var splitter = new Jt808FrameSplitter(maxFrameLength: 8);

        var outcomes = Split(splitter, "7e 0102 7e 7e 00112233445566778899 7e 0304 7e");

        outcomes.Should().Equal("0102", "oversize", "0304");
    }

    [Fact]
    public void A_stream_without_flags_is_dropped_as_it_arrives_rather_than_held()
    {
        var splitter = new Jt808FrameSplitter(maxFrameLength: 8);
        var buffer = new ReadOnlySequence<byte>(new byte[100]);

        splitter.Next(ref buffer, out _).Should().Be(SplitOutcome.Oversize);
        buffer.Length.Should().Be(0);

        var more = new ReadOnlySequence<byte>(Hex.Bytes("00000000000000000000 7e 0102 7e"));
        splitter.Next(ref more, out var frame).Should().Be(SplitOutcome.Frame, "the rest of the oversize stretch is thrown away at its flag");
        Hex.Of(frame.ToArray()).Should().Be("0102");
    }

    private static List<string> Split(Jt808FrameSplitter splitter, string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes(hex));
        var outcomes = new List<string>();
        while (splitter.Next(ref buffer, out var frame) is var outcome && outcome != SplitOutcome.NeedMore)
            outcomes.Add(outcome == SplitOutcome.Frame ? Hex.Of(frame.ToArray()) : "oversize");
        return outcomes;
    }
}
