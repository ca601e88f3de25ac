using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Jt808.Tests;

public class ReassemblyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 6, 0);

    [Fact]
    public void Split_packets_carry_count_index_and_consecutive_serials()
    {
        // 2013 header with the split bit (2000) and its 4 extra bytes: count 0003, index 0001 … 0003.
        var frames = Jt808Packets.WriteSplit(new Jt808Header(MessageIds.BatchUpload, Jt808Version.V2013, "13912344323", 0x10), Body(25), 10);

        var packets = frames.Select(FramingTests.Read).ToList();

        packets.Select(p => (p.Header.Serial, p.Header.Subpackage, p.Body.Length)).Should().Equal(
            ((ushort)0x10, new Jt808Subpackage(3, 1), 10), ((ushort)0x11, new Jt808Subpackage(3, 2), 10), ((ushort)0x12, new Jt808Subpackage(3, 3), 5));
        Hex.Of(frames[0].AsSpan(1, 16)).Should().Be("0704" + "200a" + "013912344323" + "0010" + "0003" + "0001");
    }

    [Theory]
    [InlineData(Jt808Version.V2013)]
    [InlineData(Jt808Version.V2019)]
    public void Puts_a_split_message_back_together_in_any_order(Jt808Version version)
    {
        var body = Body(2500);
        var packets = Packets(version, 0xfffe, body, 1000); // serials fffe, ffff, 0000: the counter wraps
        var reassembly = new Jt808Reassembly(ReassemblyLimits.Default);

        reassembly.Add(packets[2], Now, out _).Should().Be(ReassemblyOutcome.Pending);
        reassembly.Add(packets[0], Now, out _).Should().Be(ReassemblyOutcome.Pending);
        reassembly.Add(packets[0], Now, out _).Should().Be(ReassemblyOutcome.Pending, "a packet sent again replaces its copy");
        reassembly.Add(packets[1], Now, out var whole).Should().Be(ReassemblyOutcome.Complete);

        whole!.Body.Should().Equal(body);
        whole.Header.Subpackage.Should().BeNull();
        whole.Header.Version.Should().Be(version);
        reassembly.PendingMessages.Should().Be(0);
    }

    [Fact]
    public void An_unsplit_packet_passes_through()
    {
        var packet = new Jt808Packet(new Jt808Header(MessageIds.Heartbeat, Jt808Version.V2013, "1", 1), []);

        new Jt808Reassembly(ReassemblyLimits.Default).Add(packet, Now, out var whole).Should().Be(ReassemblyOutcome.Complete);

        whole.Should().BeSameAs(packet);
    }

    [Fact]
    public void A_message_of_more_packets_than_the_limit_is_refused()
    {
        var limits = ReassemblyLimits.Default with { MaxPackets = 2 };
        var packets = Packets(Jt808Version.V2013, 1, Body(30), 10);

        new Jt808Reassembly(limits).Add(packets[0], Now, out _).Should().Be(ReassemblyOutcome.Refused);
    }

    [Fact]
    public void Holding_more_bytes_than_the_limit_drops_the_message()
    {
        var limits = ReassemblyLimits.Default with { MaxBytes = 1500 };
        var packets = Packets(Jt808Version.V2013, 1, Body(3000), 1000);
        var reassembly = new Jt808Reassembly(limits);

        reassembly.Add(packets[0], Now, out _).Should().Be(ReassemblyOutcome.Pending);
        reassembly.Add(packets[1], Now, out _).Should().Be(ReassemblyOutcome.Refused);

        reassembly.PendingBytes.Should().Be(0);
    }

    [Fact]
    public void A_message_not_whole_in_time_is_forgotten()
    {
        var packets = Packets(Jt808Version.V2013, 1, Body(2000), 1000);
        var reassembly = new Jt808Reassembly(ReassemblyLimits.Default);
        reassembly.Add(packets[0], Now, out _);

        reassembly.Add(packets[1], Now + Duration.FromMinutes(2), out _).Should().Be(ReassemblyOutcome.Pending,
            "packet 1 was dropped as stale, so packet 2 starts a new wait");

        reassembly.PendingMessages.Should().Be(1);
    }

    [Fact]
    public void The_oldest_message_makes_room_for_a_new_one()
    {
        var limits = ReassemblyLimits.Default with { MaxPendingMessages = 2 };
        var reassembly = new Jt808Reassembly(limits);
        var first = Packets(Jt808Version.V2013, 100, Body(20), 10);
        reassembly.Add(first[0], Now, out _);
        reassembly.Add(Packets(Jt808Version.V2013, 200, Body(20), 10)[0], Now + Duration.FromSeconds(1), out _);
        reassembly.Add(Packets(Jt808Version.V2013, 300, Body(20), 10)[0], Now + Duration.FromSeconds(2), out _);

        reassembly.PendingMessages.Should().Be(2);
        reassembly.Add(first[1], Now + Duration.FromSeconds(3), out _).Should().Be(ReassemblyOutcome.Pending, "the first message's packet 1 was dropped");
    }

    private static List<Jt808Packet> Packets(Jt808Version version, ushort serial, byte[] body, int packetBody) =>
        Jt808Packets.WriteSplit(new Jt808Header(MessageIds.BatchUpload, version, "13912344323", serial), body, packetBody)
            .Select(FramingTests.Read).ToList();

    private static byte[] Body(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
}
