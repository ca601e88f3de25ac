using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Jt808.Tests;

public class MessageTests
{
    private static readonly Instant ReportTime = Instant.FromUtc(2026, 12, 4, 13, 30, 15); // 21:30:15 in Beijing

    [Fact]
    public void Writes_a_2013_location_report_byte_for_byte()
    {
        // Header: 0200 | 0022 (34-byte body) | 013912344323 | 0007            XOR 59
        // Body:   alarm 00000000                                               XOR 00
        //         status 00000003 (ACC on, positioned, north, east)            XOR 03
        //         latitude 01d2cf20 (30.592800°)                               XOR 3c
        //         longitude 06d029dc (114.305500°)                             XOR 23
        //         altitude 0017 (23 m), speed 01c4 (45.2 km/h), direction 005a XOR 88
        //         time 261204213015 (2026-12-04 21:30:15 Beijing)              XOR 34
        //         item 01, 4 bytes, 0000007b (mileage 12.3 km)                 XOR 7e
        // Check code: 59 ^ 00 ^ 03 ^ 3c ^ 23 ^ 88 ^ 34 ^ 7e = 87.
        const string expected = "7e" + "0200" + "0022" + "013912344323" + "0007"
            + "00000000" + "00000003" + "01d2cf20" + "06d029dc" + "0017" + "01c4" + "005a" + "261204213015" + "01040000007b"
            + "87" + "7e";
        var position = new Jt808Position(ReportTime, 30_592_800, 114_305_500, 23, 452, 90,
            Status: Jt808Position.IgnitionBit | Jt808Position.PositionedBit, MileageTenthsKm: 123);

        var frame = Write(new LocationReport(position), Jt808Version.V2013, "13912344323", 7);

        Hex.Of(frame).Should().Be(expected);
        var read = ReadMessage(Hex.Bytes(expected)).Should().BeOfType<LocationReport>().Subject.Position;
        read.Should().BeEquivalentTo(position);
        read.Latitude.Should().Be(30.5928m);
        read.Positioned.Should().BeTrue();
        read.Ignition.Should().BeTrue();
    }

    [Fact]
    public void Reads_a_public_2019_location_report_capture()
    {
        // xtream-codec's 0x0200 sample: 2019 header, alarm 6f, status 16 (positioned, south, bit 4), latitude 31.234567,
        // longitude 121.987654, altitude 123 m, 6.6 km/h, direction 3, 2025-01-29 22:33:44 Beijing,
        // item 02 (fuel 10.0 L), item 01 (mileage 1.2 km). Its check code 41 is the capture's own.
        var packet = FramingTests.Read(Hex.Bytes(
            "7e02004026010000000001391234432900000000006f0000001601dc9a0707456246007b004200032501292233440202006401040000000c417e"));

        packet.Header.Should().Be(new Jt808Header(0x0200, Jt808Version.V2019, "13912344329", 0));
        var position = Jt808Messages.Read(packet).Should().BeOfType<LocationReport>().Subject.Position;
        position.Should().BeEquivalentTo(new Jt808Position(
            Instant.FromUtc(2025, 1, 29, 14, 33, 44), -31_234_567, 121_987_654, 123, 66, 3, Alarm: 0x6f, Status: 0x16,
            MileageTenthsKm: 12, FuelTenthsLitre: 100));
    }

    [Fact]
    public void Reads_a_public_2019_batch_upload_capture()
    {
        // xtream-codec's 0x0704 sample: two items of 28 bytes, kind 0, both 2024-10-29 21:39:03 Beijing.
        var packet = FramingTests.Read(Hex.Bytes(
            "7e0704403f01000000000139123443290000000200001c000000010000000101d907f2073d336c029a00210059241029213903001c000000010000000101d907f3073d336d03090043005a241029213903f87e"));

        var batch = Jt808Messages.Read(packet).Should().BeOfType<LocationBatch>().Subject;
        batch.Kind.Should().Be(0);
        batch.Positions.Select(p => (p.LatitudeMicrodegrees, p.LongitudeMicrodegrees, p.AltitudeMetres, p.SpeedTenthsKmh, p.Direction))
            .Should().Equal((31_000_562, 121_451_372, 666, 33, 89), (31_000_563, 121_451_373, 777, 67, 90));
        batch.Positions.Should().AllSatisfy(p => p.Time.Should().Be(Instant.FromUtc(2024, 10, 29, 13, 39, 3)));
    }

    [Fact]
    public void Writes_the_platform_reply_as_a_public_2019_capture_shows_it()
    {
        // xtream-codec's 0x8001 sample: reply to serial 006f, message 0200, result 0.
        var frame = Write(new PlatformReply(0x6f, 0x0200, ReplyResult.Ok), Jt808Version.V2019, "13912344329", 0);

        Hex.Of(frame).Should().Be("7e8001400501000000000139123443290000006f020000dc7e");
    }

    [Fact]
    public void Writes_the_registration_reply_as_a_public_2019_capture_shows_it()
    {
        // xtream-codec's 0x8100 sample: reply to serial 006f, result 0, code "ok..ok..ok".
        var frame = Write(new RegistrationReply(0x6f, RegistrationResult.Registered, "ok..ok..ok"), Jt808Version.V2019, "13912344329", 0);

        Hex.Of(frame).Should().Be("7e8100400d01000000000139123443290000006f006f6b2e2e6f6b2e2e6f6bd27e");
        ReadMessage(frame).Should().Be(new RegistrationReply(0x6f, RegistrationResult.Registered, "ok..ok..ok"));
    }

    [Theory]
    [InlineData(RegistrationResult.VehicleAlreadyRegistered)]
    [InlineData(RegistrationResult.NoSuchVehicle)]
    [InlineData(RegistrationResult.TerminalAlreadyRegistered)]
    [InlineData(RegistrationResult.NoSuchTerminal)]
    public void A_refused_registration_carries_no_code(RegistrationResult result)
    {
        // 2013: 8100 | 0003 | phone | serial | reply serial 0009, result; nothing after it.
        var frame = Write(new RegistrationReply(9, result, "ignored"), Jt808Version.V2013, "13912344323", 1);
        var packet = FramingTests.Read(frame);

        Hex.Of(packet.Body).Should().Be("0009" + ((byte)result).ToString("x2"));
        Jt808Messages.Read(packet).Should().Be(new RegistrationReply(9, result, null));
    }

    [Theory]
    [InlineData(Jt808Version.V2013, 5, 20, 7)]
    [InlineData(Jt808Version.V2019, 11, 30, 30)]
    public void Registration_has_the_field_widths_of_its_edition(Jt808Version version, int maker, int model, int terminalId)
    {
        var registration = new TerminalRegistration(42, 100, "70111", "BD-GPS-8", "T000001", 1, "鄂A·C1234");

        var packet = FramingTests.Read(Write(registration, version, "13912344323", 3));

        // province and city WORDs, the three fixed fields, plate colour, the plate in GBK (10 bytes: 鄂 and · take two each).
        packet.Body.Should().HaveCount(2 + 2 + maker + model + terminalId + 1 + 10);
        Hex.Of(packet.Body.AsSpan(0, 4)).Should().Be("002a0064");
        Jt808Messages.Read(packet).Should().Be(registration);
    }

    [Fact]
    public void Authentication_of_2013_is_the_code_alone()
    {
        var packet = FramingTests.Read(Write(new TerminalAuthentication("AB12"), Jt808Version.V2013, "13912344323", 4));

        Hex.Of(packet.Body).Should().Be("41423132");
        Jt808Messages.Read(packet).Should().Be(new TerminalAuthentication("AB12"));
    }

    [Fact]
    public void Authentication_of_2019_has_code_length_IMEI_and_software_version()
    {
        var authentication = new TerminalAuthentication("AB12", "860000000000001", "v1.2");

        var packet = FramingTests.Read(Write(authentication, Jt808Version.V2019, "13912344329", 4));

        packet.Body.Should().HaveCount(1 + 4 + 15 + 20);
        Hex.Of(packet.Body.AsSpan(0, 5)).Should().Be("0441423132");
        Jt808Messages.Read(packet).Should().Be(authentication);
    }

    [Theory]
    [InlineData(0x0003)]
    [InlineData(0x0101)]
    public void Logout_is_read_under_the_standard_id_and_the_legacy_one(int id)
    {
        var frame = Jt808Packets.Write(new Jt808Header((ushort)id, Jt808Version.V2013, "13912344323", 1), []);

        ReadMessage(frame).Should().BeOfType<TerminalLogout>();
    }

    [Fact]
    public void Heartbeat_and_logout_have_no_body()
    {
        Jt808Messages.Write(new Heartbeat(), Jt808Version.V2013).Should().BeEquivalentTo((MessageIds.Heartbeat, Array.Empty<byte>()));
        Jt808Messages.Write(new TerminalLogout(), Jt808Version.V2019).Should().BeEquivalentTo((MessageIds.Logout, Array.Empty<byte>()));
        var heartbeatWithBody = Jt808Packets.Write(new Jt808Header(MessageIds.Heartbeat, Jt808Version.V2013, "1", 1), [0x01]);
        ReadMessage(heartbeatWithBody).Should().BeOfType<MalformedMessage>();
    }

    [Theory]
    [InlineData(ReplyResult.Ok)]
    [InlineData(ReplyResult.Failure)]
    [InlineData(ReplyResult.WrongMessage)]
    [InlineData(ReplyResult.Unsupported)]
    [InlineData(ReplyResult.AlarmConfirmed)]
    public void The_platform_reply_carries_each_result(ReplyResult result)
    {
        var packet = FramingTests.Read(Write(new PlatformReply(0x1234, 0x0704, result), Jt808Version.V2013, "13912344323", 1));

        Hex.Of(packet.Body).Should().Be("1234" + "0704" + ((byte)result).ToString("x2"));
        Jt808Messages.Read(packet).Should().Be(new PlatformReply(0x1234, 0x0704, result));
    }

    [Fact]
    public void Southern_and_western_positions_keep_their_sign_through_the_status_bits()
    {
        var position = new Jt808Position(ReportTime, -33_868_800, -70_650_000, 500, 0, 359);

        var read = RoundTrip(position);

        read.LatitudeMicrodegrees.Should().Be(-33_868_800);
        read.LongitudeMicrodegrees.Should().Be(-70_650_000);
        (read.Status & (Jt808Position.SouthBit | Jt808Position.WestBit)).Should().Be(Jt808Position.SouthBit | Jt808Position.WestBit);
    }

    [Fact]
    public void Fuel_and_recorder_speed_are_read_and_unknown_items_kept_as_sent()
    {
        var position = new Jt808Position(ReportTime, 30_592_800, 114_305_500, 23, 452, 90,
            MileageTenthsKm: 98_765, FuelTenthsLitre: 415, RecorderSpeedTenthsKmh: 450,
            OtherItems: [new AdditionalItem(0x30, [0x1f]), new AdditionalItem(0xe1, [1, 2, 3])]);

        RoundTrip(position).Should().BeEquivalentTo(position);
    }

    [Theory]
    [InlineData("0104000000", "additional item 0x01 runs past the body")] // says 4 bytes, 3 follow
    [InlineData("010200ff", "additional item 0x01 has 2 bytes")] // mileage is a DWORD
    [InlineData("02040000007b", "additional item 0x02 has 4 bytes")] // fuel is a WORD
    [InlineData("30", "additional item 0x30 runs past the body")] // an id without its length
    public void Additional_items_that_do_not_fit_make_the_report_malformed(string items, string reason)
    {
        var body = FixedPart() + items;

        Read(MessageIds.LocationReport, body).Should().Be(new MalformedMessage(MessageIds.LocationReport, reason));
    }

    [Theory]
    [InlineData("00000000 00000002 01d2cf20 06d029dc 0017 01c4 005a 2612042130", "the report is shorter than its 28 fixed bytes")]
    [InlineData("00000000 00000002 01d2cf20 06d029dc 0017 01c4 005a 261304213015", "the time is not a date")]
    [InlineData("00000000 00000002 055d4a81 06d029dc 0017 01c4 005a 261204213015", "the coordinates are outside the globe")] // 90.000001°
    [InlineData("00000000 00000002 01d2cf20 0aba9501 0017 01c4 005a 261204213015", "the coordinates are outside the globe")] // 180.000001°
    [InlineData("00000000 00000002 01d2cf20 06d029dc 0017 01c4 0168 261204213015", "the direction is not a bearing")] // 360
    public void A_report_that_is_no_position_is_malformed(string body, string reason)
    {
        Read(MessageIds.LocationReport, body).Should().Be(new MalformedMessage(MessageIds.LocationReport, reason));
    }

    [Fact]
    public void A_batch_round_trips_with_its_kind()
    {
        var positions = Enumerable.Range(0, 3)
            .Select(i => new Jt808Position(ReportTime + Duration.FromSeconds(10 * i), 30_592_800 + i, 114_305_500, 23, 452, 90, MileageTenthsKm: (uint)(123 + i)))
            .ToList();

        var packet = FramingTests.Read(Write(new LocationBatch(1, positions), Jt808Version.V2019, "13912344329", 8));

        // count 0003, kind 01, then each item's length 0022 (34 bytes) before its body
        Hex.Of(packet.Body.AsSpan(0, 5)).Should().Be("0003010022");
        var batch = Jt808Messages.Read(packet).Should().BeOfType<LocationBatch>().Subject;
        batch.Kind.Should().Be(1);
        batch.Positions.Should().BeEquivalentTo(positions, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("0003 00 001c" + Item28 + "001c" + Item28, "item 3 of 3 runs past the body")] // the count says three, two follow
    [InlineData("0001 00 001d" + Item28, "item 1 of 1 runs past the body")] // an item longer than what follows
    [InlineData("0001 00 001b" + Item28, "item 1 of 1: the report is shorter than its 28 fixed bytes")] // an item one byte short
    [InlineData("0000 00", "a batch of no positions")]
    [InlineData("0001 00 0004 00000000", "item 1 of 1: the report is shorter than its 28 fixed bytes")]
    public void A_batch_that_disagrees_with_itself_is_malformed(string body, string reason)
    {
        Read(MessageIds.BatchUpload, body).Should().Be(new MalformedMessage(MessageIds.BatchUpload, reason));
    }

    [Fact]
    public void Ids_not_spoken_here_and_encrypted_bodies_are_unsupported()
    {
        Read(0x0900, "0102").Should().Be(new UnsupportedMessage(0x0900));
        var encrypted = Jt808Packets.Write(new Jt808Header(MessageIds.LocationReport, Jt808Version.V2013, "1", 1, Encryption: 1), [1, 2, 3]);
        ReadMessage(encrypted).Should().Be(new UnsupportedMessage(MessageIds.LocationReport));
    }

    private const string Item28 = "00000000 00000002 01d2cf20 06d029dc 0017 01c4 005a 261204213015";

    private static string FixedPart() => Item28.Replace(" ", "");

    private static Jt808Position RoundTrip(Jt808Position position) =>
        ReadMessage(Write(new LocationReport(position), Jt808Version.V2013, "13912344323", 1))
            .Should().BeOfType<LocationReport>().Subject.Position;

    private static Jt808Message Read(ushort id, string body) =>
        ReadMessage(Jt808Packets.Write(new Jt808Header(id, Jt808Version.V2013, "13912344323", 1), Hex.Bytes(body)));

    private static Jt808Message ReadMessage(byte[] frame) => Jt808Messages.Read(FramingTests.Read(frame));

    private static byte[] Write(Jt808Message message, Jt808Version version, string phone, ushort serial)
    {
        var (id, body) = Jt808Messages.Write(message, version);
        return Jt808Packets.Write(new Jt808Header(id, version, phone, serial), body);
    }
}
