using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using Fleet.Jt808.Terminal;
using FluentAssertions;
using NodaTime;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Jt808.Tests;

/// <summary>
/// The fuzz run of issue 23: more than ten thousand frames no well-behaved terminal sends, through the real listener,
/// from terminals that authenticated and from ones that did not, while a well-behaved terminal reports alongside. Every
/// fuzz frame is invalid by construction (the randomness chooses where and how, never whether), so the sink must hold
/// exactly the good terminal's positions. The seed makes a failure reproduce.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 808_2019;
    private const int MalformedFrames = 10_000;
    private const string GoodPhone = "13912340000";

    [Fact]
    public async Task Malformed_frames_are_answered_or_dropped_never_stored_and_a_good_terminal_is_served_throughout()
    {
        await using var gateway = Gateway.Start();
        gateway.Directory.Provision(GoodPhone);
        var staleCode = gateway.Directory.Reissue(GoodPhone); // an earlier code of the good terminal, since replaced
        gateway.Directory.Reissue(GoodPhone);
        var good = new GoodTerminal(gateway);
        await good.SignInAsync();

        var fuzzers = new[]
        {
            new Fuzzer(gateway, Seed + 1, "13800000001", Jt808Version.V2013, signIn: true, staleCode),
            new Fuzzer(gateway, Seed + 2, "13800000002", Jt808Version.V2019, signIn: true, staleCode),
            new Fuzzer(gateway, Seed + 3, "13800000003", Jt808Version.V2013, signIn: false, staleCode),
            new Fuzzer(gateway, Seed + 4, GoodPhone, Jt808Version.V2019, signIn: false, staleCode), // impersonates the good terminal
        };
        using var fuzzing = new CancellationTokenSource();
        var attacks = fuzzers.Select(f => Task.Run(() => f.RunAsync(fuzzing.Token))).ToList();
        long Malformed() => gateway.Listener.Statistics.Frames - good.Frames - fuzzers.Sum(f => f.SignInFrames);
        // A little over, since a fuzzer signing in again just as the run stops counts frames not yet read.
        await good.ReportAsync(rounds: 150, until: () => Malformed() >= MalformedFrames + 100);
        await fuzzing.CancelAsync();
        await Task.WhenAll(attacks);

        var statistics = gateway.Listener.Statistics;
        output.WriteLine($"seed {Seed}: {Malformed()} malformed frames, {good.Frames} good ones, {good.Acknowledged.Count} positions acknowledged");
        output.WriteLine(string.Join(", ", Enum.GetValues<FrameFault>().Select(f => $"{f} {statistics.Dropped(f)}")));
        output.WriteLine($"answered refusing {statistics.AnswersRefusing}, split messages refused {statistics.SplitMessagesRefused}, " +
            $"connections {statistics.ConnectionsAccepted} accepted, {statistics.ConnectionsClosed} closed by the gateway");
        Malformed().Should().BeGreaterThanOrEqualTo(MalformedFrames, "the gateway read that many frames besides the good terminal's and the sign-ins");
        gateway.Sink.Stored.Select(s => s.Phone).Should().AllBe(GoodPhone);
        gateway.Sink.Of(GoodPhone).Should().Equal(good.Acknowledged, "every acknowledged position is stored, and nothing else");
        good.Acknowledged.Should().HaveCount(good.Sent);
        statistics.Failures.Should().Be(0, "no connection ended in an unexpected exception");
        foreach (var fault in Enum.GetValues<FrameFault>())
            statistics.Dropped(fault).Should().BeGreaterThan(0, $"the run exercised {fault}");
        statistics.AnswersRefusing.Should().BeGreaterThan(0);
        statistics.SplitMessagesRefused.Should().BeGreaterThan(0);
        statistics.ConnectionsClosed.Should().BeGreaterThan(0);

        await using var late = await gateway.SignedInAsync("13912349999", Jt808Version.V2013);
        (await late.ReportAsync(Gateway.Position(1))).Should().Be(ReplyResult.Ok, "the listener still serves new terminals");
    }

    /// <summary>The well-behaved terminal: reports and batches, each awaited and acknowledged.</summary>
    private sealed class GoodTerminal(Gateway gateway)
    {
        private Jt808TerminalClient? _client;
        private long _frames;

        public List<Jt808Position> Acknowledged { get; } = [];
        public int Sent { get; private set; }
        public long Frames => Interlocked.Read(ref _frames);

        public async Task SignInAsync()
        {
            _client = await gateway.SignedInAsync(GoodPhone, Jt808Version.V2019);
            Interlocked.Add(ref _frames, 1); // authentication
        }

        /// <summary>At least <paramref name="rounds"/> rounds, and on until the fuzzers have sent their share.</summary>
        public async Task ReportAsync(int rounds, Func<bool> until)
        {
            for (var round = 0; round < rounds || !until(); round++)
            {
                if (round > 20_000) throw new TimeoutException("the fuzzers did not get their frames through");
                var n = 10 * round;
                var single = Gateway.Position(n);
                var batch = new[] { Gateway.Position(n + 1), Gateway.Position(n + 2), Gateway.Position(n + 3) };
                Sent += 4;
                Interlocked.Add(ref _frames, 2);
                (await _client!.ReportAsync(single)).Should().Be(ReplyResult.Ok);
                Acknowledged.Add(single);
                (await _client.UploadAsync(batch)).Should().Be(ReplyResult.Ok);
                Acknowledged.AddRange(batch);
            }

            await _client!.DisposeAsync();
        }
    }

    /// <summary>One attacker's connection, reconnecting whenever the gateway closes it.</summary>
    private sealed class Fuzzer(Gateway gateway, int seed, string phone, Jt808Version version, bool signIn, string staleCode)
    {
        private long _signIns;

        /// <summary>Well-formed frames it sent to sign in again after a close: not counted among the malformed.</summary>
        public long SignInFrames => 2 * Interlocked.Read(ref _signIns);

        private readonly Random _random = new(seed);
        private ushort _serial = 1000;

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                Jt808TerminalClient client;
                try
                {
                    if (signIn) Interlocked.Increment(ref _signIns);
                    client = signIn ? await gateway.SignedInAsync(phone, version) : await gateway.ConnectAsync(phone, version);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    continue; // closed while signing in (its last frames were still being refused): try again
                }

                await using (client)
                {
                    var drained = Task.Run(async () =>
                    {
                        try
                        {
                            while (await client.ReceiveAsync() is not null) { }
                        }
                        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
                        {
                        }
                    });
                    try
                    {
                        while (!stop.IsCancellationRequested && !drained.IsCompleted)
                        {
                            var burst = new List<byte>();
                            for (var i = 0; i < 8; i++) burst.AddRange(Next());
                            await client.SendRawAsync(burst.ToArray());
                            await Task.Yield();
                        }
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                    {
                        // closed by the gateway: reconnect
                    }
                }

                await Task.Yield();
            }
        }

        /// <summary>One frame that must not become a stored position, of a kind drawn at random.</summary>
        private byte[] Next() => _random.Next(100) switch
        {
            < 10 => BadCheckCode(),
            < 20 => BadEscape(),
            < 30 => Truncated(),
            < 32 => Oversize(),
            < 37 => WrongBodyLength(),
            < 42 => BadPhone(),
            < 52 => MalformedBody(),
            < 60 => UnknownId(),
            < 68 => FromTheFuture(),
            < 76 => signIn ? ForAnotherPhone() : BeforeAuthentication(),
            < 84 => signIn ? BadSplit() : WrongCode(),
            < 92 => IncompleteSplit(),
            _ => Garbage(),
        };

        private byte[] BadCheckCode()
        {
            var content = Content(MessageIds.LocationReport, Report(Plausible()));
            return Wire(content, (byte)(Jt808Escaping.CheckCode(content) ^ _random.Next(1, 256)));
        }

        /// <summary>An escape byte followed by something it never is followed by.</summary>
        private byte[] BadEscape()
        {
            var frame = Jt808Escaping.Frame(Content(MessageIds.LocationReport, Report(Plausible())));
            var at = _random.Next(1, frame.Length - 1);
            byte next;
            do next = (byte)_random.Next(256); while (next is 0x01 or 0x02 or Jt808Escaping.Flag);
            return [.. frame[..at], Jt808Escaping.Escape, next, .. frame[at..]];
        }

        /// <summary>Cut short, with the check code right for what is left: the body length cannot agree.</summary>
        private byte[] Truncated()
        {
            var content = Content(MessageIds.LocationReport, Report(Plausible()));
            return Jt808Escaping.Frame(content.AsSpan(0, _random.Next(1, content.Length)));
        }

        private byte[] Oversize()
        {
            var body = new byte[Jt808Packets.MaxEscapedFrameLength + _random.Next(1, 500)];
            _random.NextBytes(body);
            for (var i = 0; i < body.Length; i++) if (body[i] == Jt808Escaping.Flag) body[i] = 0;
            return [Jt808Escaping.Flag, .. body, Jt808Escaping.Flag];
        }

        /// <summary>The body length attribute off by some bytes, the check code right for it.</summary>
        private byte[] WrongBodyLength()
        {
            var content = Content(MessageIds.LocationReport, Report(Plausible()));
            var attributes = (content[2] << 8) | content[3];
            var length = attributes & Jt808Packets.MaxBodyLength;
            int wrong;
            do wrong = _random.Next(0, Jt808Packets.MaxBodyLength + 1); while (wrong == length);
            attributes = (attributes & ~Jt808Packets.MaxBodyLength) | wrong;
            content[2] = (byte)(attributes >> 8);
            content[3] = (byte)attributes;
            return Jt808Escaping.Frame(content);
        }

        /// <summary>A readable frame whose body is not what its id promises.</summary>
        private byte[] MalformedBody()
        {
            var report = Report(Plausible()); // 28 fixed bytes and a mileage item
            var (id, body) = _random.Next(7) switch
            {
                0 => (MessageIds.LocationReport, report[.._random.Next(0, 28)]), // shorter than the fixed part
                1 => (MessageIds.LocationReport, Patch(report, 23, 0x13)), // month 13
                2 => (MessageIds.LocationReport, Patch(report, 8, 0x7f)), // latitude far beyond 90°
                3 => (MessageIds.LocationReport, [.. report, 0x01, 0x04, 0x00]), // a mileage item cut short
                4 => (MessageIds.LocationReport, [.. report, 0x02, 0x04, 0, 0, 0, 1]), // fuel of the wrong width
                5 => (MessageIds.BatchUpload, [0x00, (byte)_random.Next(2, 9), 0x00, .. Item(report), .. Item(report)[..10]]), // count past its items
                _ => (MessageIds.BatchUpload, new byte[] { 0x00, 0x00, 0x00 }), // a batch of none
            };
            return Jt808Escaping.Frame(Content(id, body));
        }

        /// <summary>A phone number with a nibble that is no digit, the check code right for it.</summary>
        private byte[] BadPhone()
        {
            var content = Content(MessageIds.LocationReport, Report(Plausible()));
            var at = (version == Jt808Version.V2019 ? 5 : 4) + _random.Next(0, version == Jt808Version.V2019 ? 10 : 6);
            content[at] = (byte)((content[at] & 0x0f) | 0xa0);
            return Jt808Escaping.Frame(content);
        }

        private byte[] UnknownId()
        {
            ushort id;
            do id = (ushort)_random.Next(0x0300, 0xffff); while (id is MessageIds.BatchUpload or MessageIds.PlatformReply or MessageIds.RegistrationReply);
            var body = new byte[_random.Next(0, 64)];
            _random.NextBytes(body);
            return Jt808Escaping.Frame(Content(id, body));
        }

        /// <summary>Beyond the gateway's clock tolerance, alone or as a whole batch.</summary>
        private byte[] FromTheFuture()
        {
            var future = Plausible() with { Time = Gateway.Now + Duration.FromMinutes(_random.Next(11, 60 * 48)) };
            if (_random.Next(2) == 0) return Jt808Escaping.Frame(Content(MessageIds.LocationReport, Report(future)));
            var (_, batch) = Jt808Messages.Write(new LocationBatch(0, [future, future with { Time = future.Time + Duration.FromSeconds(10) }]), version);
            return Jt808Escaping.Frame(Content(MessageIds.BatchUpload, batch));
        }

        /// <summary>A well-formed report under a number this connection did not authenticate.</summary>
        private byte[] ForAnotherPhone() =>
            Jt808Escaping.Frame(Content(MessageIds.LocationReport, Report(Plausible()), _random.Next(2) == 0 ? GoodPhone : "13700000000"));

        private byte[] BeforeAuthentication() => _random.Next(2) == 0
            ? Jt808Escaping.Frame(Content(MessageIds.LocationReport, Report(Plausible())))
            : Jt808Escaping.Frame(Content(MessageIds.BatchUpload, Jt808Messages.Write(new LocationBatch(1, [Plausible()]), version).Body));

        /// <summary>Random codes, the good terminal's replaced code, or its current one under another number.</summary>
        private byte[] WrongCode()
        {
            var code = _random.Next(3) switch
            {
                0 => $"X{_random.Next():x8}",
                1 => staleCode,
                _ => phone == GoodPhone ? staleCode : gateway.Directory.CodeOf(GoodPhone)!,
            };
            var (id, body) = Jt808Messages.Write(new TerminalAuthentication(code, "860000000000009", "fuzz"), version);
            return Jt808Escaping.Frame(Content(id, body));
        }

        /// <summary>Split items that cannot be: index 0, or beyond the count.</summary>
        private byte[] BadSplit()
        {
            var count = (ushort)_random.Next(1, 10);
            var index = _random.Next(2) == 0 ? (ushort)0 : (ushort)(count + _random.Next(1, 5));
            var header = new Jt808Header(MessageIds.LocationReport, version, phone, _serial++, new Jt808Subpackage(count, 1));
            var frame = Jt808Packets.Write(header, Report(Plausible()));
            var content = Unwire(frame);
            var at = version == Jt808Version.V2019 ? 19 : 14; // the index WORD after the count
            content[at] = (byte)(index >> 8);
            content[at + 1] = (byte)index;
            return Jt808Escaping.Frame(content[..^1]);
        }

        /// <summary>All but the last packet of a split batch, over the reassembly limit or simply never finished; dated in the future besides.</summary>
        private byte[] IncompleteSplit()
        {
            var future = Plausible() with { Time = Gateway.Now + Duration.FromDays(2) };
            var (_, body) = Jt808Messages.Write(new LocationBatch(0, Enumerable.Repeat(future, 30).ToList()), version);
            var packetBody = _random.Next(2) == 0 ? 16 : 200; // 16 bytes a packet needs more packets than the limit
            var frames = Jt808Packets.WriteSplit(new Jt808Header(MessageIds.BatchUpload, version, phone, _serial), body, packetBody);
            _serial += (ushort)frames.Count;
            return frames.Count > ReassemblyLimits.Default.MaxPackets ? frames[0] : [.. frames.Take(frames.Count - 1).SelectMany(f => f)];
        }

        private byte[] Garbage()
        {
            var bytes = new byte[_random.Next(1, 300)];
            _random.NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i++) if (bytes[i] == Jt808Escaping.Flag) bytes[i] = 0x55;
            return [Jt808Escaping.Flag, .. bytes, Jt808Escaping.Flag];
        }

        private Jt808Position Plausible() => Gateway.Position(_random.Next(1_000_000, 2_000_000));

        private byte[] Report(Jt808Position position) => Jt808Messages.Write(new LocationReport(position), version).Body;

        private static byte[] Item(byte[] report) => [(byte)(report.Length >> 8), (byte)report.Length, .. report];

        private static byte[] Patch(byte[] bytes, int at, byte value)
        {
            var copy = bytes.ToArray();
            copy[at] = value;
            return copy;
        }

        /// <summary>Header and body, unescaped and without a check code, for a body of any length the test needs.</summary>
        private byte[] Content(ushort id, byte[] body, string? asPhone = null) =>
            Unwire(Jt808Packets.Write(new Jt808Header(id, version, asPhone ?? phone, _serial++), body))[..^1];

        /// <summary>A written frame back to its content and check code.</summary>
        private static byte[] Unwire(byte[] frame)
        {
            var inner = frame[1..^1];
            Jt808Escaping.TryUnescape(inner, out var length).Should().BeTrue();
            return inner[..length];
        }

        /// <summary>Content with the check code given, escaped between flags, as <see cref="Jt808Escaping.Frame"/> would with its own.</summary>
        private static byte[] Wire(byte[] content, byte check)
        {
            var framed = Jt808Escaping.Frame(content); // escapes content and its right check code
            var inner = Unwire(framed);
            inner[^1] = check;
            var escaped = new List<byte> { Jt808Escaping.Flag };
            foreach (var b in inner)
            {
                if (b is Jt808Escaping.Flag or Jt808Escaping.Escape) escaped.AddRange([Jt808Escaping.Escape, (byte)(b == Jt808Escaping.Flag ? 0x02 : 0x01)]);
                else escaped.Add(b);
            }

            escaped.Add(Jt808Escaping.Flag);
            return [.. escaped];
        }
    }
}
