using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Jt808.Tests;

public class FramingTests
{
    [Fact]
    public void Escapes_flag_and_escape_bytes_as_the_standard_example_shows()
    {
        // JT/T 808 §4.4.1: the content 30 7e 08 7d 55 travels as 7e 30 7d 02 08 7d 01 55 … 7e.
        // Check code: 30 ^ 7e = 4e, ^ 08 = 46, ^ 7d = 3b, ^ 55 = 6e.
        var frame = Jt808Escaping.Frame(Hex.Bytes("30 7e 08 7d 55"));

        Hex.Of(frame).Should().Be("7e307d02087d01556e7e");
    }

    [Fact]
    public void Unescaping_gives_back_the_content_and_its_check_code()
    {
        var inner = Hex.Bytes("30 7d 02 08 7d 01 55 6e");

        Jt808Escaping.TryUnescape(inner, out var length).Should().BeTrue();

        Hex.Of(inner.AsSpan(0, length)).Should().Be("307e087d556e");
    }

    [Theory]
    [InlineData("30 7d 03 08")] // 7d is followed by 01 or 02 only
    [InlineData("30 7d 00 08")]
    [InlineData("30 08 7d")] // an escape cannot end the frame
    [InlineData("30 7e 08")] // a bare flag inside a frame
    public void Refuses_escapes_the_standard_does_not_define(string hex)
    {
        Jt808Escaping.TryUnescape(Hex.Bytes(hex), out _).Should().BeFalse();
    }

    [Fact]
    public void Writes_a_2013_heartbeat_whose_check_code_needs_escaping()
    {
        // 0002 | attributes 0000 | phone BCD[6] 013912344323 | serial 0001 | no body.
        // Check code: 00^02 = 02, ^00^00 = 02, ^01 = 03, ^39 = 3a, ^12 = 28, ^34 = 1c, ^43 = 5f, ^23 = 7c, ^00 = 7c, ^01 = 7d
        // and 7d itself is escaped to 7d 01.
        var header = new Jt808Header(MessageIds.Heartbeat, Jt808Version.V2013, "13912344323", 1);

        var frame = Jt808Packets.Write(header, []);

        Hex.Of(frame).Should().Be("7e" + "0002" + "0000" + "013912344323" + "0001" + "7d01" + "7e");
        var read = Read(frame);
        read.Header.Should().Be(header with { ProtocolVersion = 0 });
        read.Body.Should().BeEmpty();
    }

    [Fact]
    public void Writes_a_2019_heartbeat_with_version_flag_protocol_version_and_a_ten_byte_phone()
    {
        // 0002 | attributes 4000 (bit 14: 2019) | protocol version 01 | phone BCD[10] 00000000013912344329 | serial 0005.
        // Check code: 02 ^ 40 = 42, ^ 01 = 43, ^ 01 = 42, ^ 39 = 7b, ^ 12 = 69, ^ 34 = 5d, ^ 43 = 1e, ^ 29 = 37, ^ 05 = 32.
        var header = new Jt808Header(MessageIds.Heartbeat, Jt808Version.V2019, "13912344329", 5);

        var frame = Jt808Packets.Write(header, []);

        Hex.Of(frame).Should().Be("7e" + "0002" + "4000" + "01" + "00000000013912344329" + "0005" + "32" + "7e");
        Read(frame).Header.Should().Be(header);
        // xtream-codec's 0x0002 sample is the same heartbeat with serial 0000: 32 ^ 05 = 37.
        Hex.Of(Jt808Packets.Write(header with { Serial = 0 }, [])).Should().Be("7e0002400001000000000139123443290000377e");
    }

    [Fact]
    public void The_same_phone_number_is_one_terminal_in_both_editions()
    {
        var of2013 = Read(Jt808Packets.Write(new Jt808Header(2, Jt808Version.V2013, "13912344323", 0), []));
        var of2019 = Read(Jt808Packets.Write(new Jt808Header(2, Jt808Version.V2019, "13912344323", 0), []));

        of2013.Header.Phone.Should().Be("13912344323");
        of2019.Header.Phone.Should().Be(of2013.Header.Phone);
    }

    [Fact]
    public void Reads_a_header_from_a_public_2013_capture()
    {
        // xtream-codec's 0x8003 sample (2013): 8003 | 0009 | 013912344323 | 0000 | 9 bytes of body | 9d.
        var packet = Read(Hex.Bytes("7e800300090139123443230000006f030002000300049d7e"));

        packet.Header.Should().Be(new Jt808Header(0x8003, Jt808Version.V2013, "13912344323", 0, ProtocolVersion: 0));
        packet.Body.Should().HaveCount(9);
    }

    [Fact]
    public void A_frame_whose_check_code_disagrees_is_refused()
    {
        // The heartbeat above with serial 0003: check code 7c ^ 03 = 7f, not escaped; one bit of it flipped.
        var frame = Jt808Packets.Write(new Jt808Header(2, Jt808Version.V2013, "13912344323", 3), []);
        frame[^2].Should().Be(0x7f);
        frame[^2] ^= 0x10;

        Fault(frame).Should().Be(FrameFault.BadCheckCode);
    }

    [Fact]
    public void A_body_length_that_disagrees_with_the_attributes_is_refused()
    {
        // Attributes say 5 bytes, 4 follow; the check code is right for what was sent.
        var content = Hex.Bytes("0200 0005 013912344323 0001 01020304");
        var frame = Jt808Escaping.Frame(content);

        Fault(frame).Should().Be(FrameFault.LengthMismatch);
    }

    [Theory]
    [InlineData("0002 0000 0139123443")] // shorter than a header
    [InlineData("0002 4000 01 0000000001391234")] // a 2019 header cut short
    public void A_frame_shorter_than_its_header_is_refused(string hex)
    {
        Fault(Jt808Escaping.Frame(Hex.Bytes(hex))).Should().Be(FrameFault.TooShort);
    }

    [Fact]
    public void A_phone_number_with_a_nibble_that_is_no_digit_is_refused()
    {
        Fault(Jt808Escaping.Frame(Hex.Bytes("0002 0000 0139123443a3 0001"))).Should().Be(FrameFault.BadPhone);
    }

    [Theory]
    [InlineData("0002 2000 013912344323 0001 0003 0000")] // packet index 0
    [InlineData("0002 2000 013912344323 0001 0003 0004")] // index beyond the count
    [InlineData("0002 2000 013912344323 0001 0000 0000")] // no packets at all
    public void Split_items_out_of_range_are_refused(string hex)
    {
        Fault(Jt808Escaping.Frame(Hex.Bytes(hex))).Should().Be(FrameFault.BadSubpackage);
    }

    [Fact]
    public void A_body_over_a_packet_is_not_written_as_one()
    {
        var write = () => Jt808Packets.Write(new Jt808Header(0x0200, Jt808Version.V2013, "1", 0), new byte[1024]);

        write.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("261204213015", "2026-12-04T13:30:15Z")] // Beijing time is UTC+8
    [InlineData("250129223344", "2025-01-29T14:33:44Z")]
    [InlineData("240101003000", "2023-12-31T16:30:00Z")] // just after midnight in Beijing is the day before in UTC
    [InlineData("240229120000", "2024-02-29T04:00:00Z")] // a leap day
    public void Reads_report_times_as_Beijing_time(string bcd, string utc)
    {
        Bcd.Time(Hex.Bytes(bcd)).Should().Be(InstantPattern(utc));
        Hex.Of(Bcd.FromTime(InstantPattern(utc))).Should().Be(bcd);
    }

    [Theory]
    [InlineData("250230120000")] // 30 February
    [InlineData("251301120000")] // month 13
    [InlineData("250101240000")] // hour 24
    [InlineData("250101126000")] // minute 60
    [InlineData("2501011200a0")] // a nibble that is no digit
    [InlineData("250001120000")] // month 0
    public void A_report_time_that_is_no_date_is_refused(string bcd)
    {
        Bcd.Time(Hex.Bytes(bcd)).Should().BeNull();
    }

    internal static Jt808Packet Read(byte[] frame)
    {
        var reading = Jt808Packets.Read(frame.AsSpan(1, frame.Length - 2));
        reading.Fault.Should().BeNull();
        return reading.Packet!;
    }

    private static FrameFault? Fault(byte[] frame) => Jt808Packets.Read(frame.AsSpan(1, frame.Length - 2)).Fault;

    private static Instant InstantPattern(string utc) => NodaTime.Text.InstantPattern.General.Parse(utc).Value;
}
