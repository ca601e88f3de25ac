using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;

namespace Fleet.Jt808.Terminal;

/// <summary>
/// A terminal's side of JT/T 808 over TCP: what the tests drive the gateway with, and what the terminal simulator
/// will. It sends messages with its own serials and reads the platform's answers in order.
/// </summary>
public sealed class Jt808TerminalClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly Jt808FrameSplitter _splitter = new();
    private readonly Queue<Jt808Packet> _received = new();

    private Jt808TerminalClient(TcpClient tcp, string phone, Jt808Version version)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Phone = phone;
        Version = version;
    }

    public string Phone { get; }

    public Jt808Version Version { get; }

    /// <summary>The serial of the next message sent.</summary>
    public ushort NextSerial { get; set; }

    public static async Task<Jt808TerminalClient> ConnectAsync(IPEndPoint gateway, string phone, Jt808Version version, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient(gateway.AddressFamily) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(gateway, cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        return new Jt808TerminalClient(tcp, phone, version);
    }

    /// <summary>Sends a message in one packet; returns the serial it went with.</summary>
    public async Task<ushort> SendAsync(Jt808Message message, CancellationToken cancellationToken = default)
    {
        var (serial, frame) = Prepare(message);
        await SendRawAsync(frame, cancellationToken);
        return serial;
    }

    /// <summary>
    /// The frame of a message, with the next serial, to be sent later (<see cref="AskPreparedAsync"/>) in the order prepared:
    /// a simulator that must not spend on encoding while it is timed prepares its frames before.
    /// </summary>
    public (ushort Serial, byte[] Frame) Prepare(Jt808Message message)
    {
        var (id, body) = Jt808Messages.Write(message, Version);
        var serial = NextSerial++;
        return (serial, Jt808Packets.Write(new Jt808Header(id, Version, Phone, serial), body));
    }

    /// <summary>Sends a prepared frame and answers the platform's result for it.</summary>
    public async Task<ReplyResult> AskPreparedAsync((ushort Serial, byte[] Frame) prepared, CancellationToken cancellationToken = default)
    {
        await SendRawAsync(prepared.Frame, cancellationToken);
        return Result(await AnswerToAsync(prepared.Serial, cancellationToken));
    }

    /// <summary>Sends a message split into packets of at most <paramref name="packetBody"/> bytes; returns the serial of the last.</summary>
    public async Task<ushort> SendSplitAsync(Jt808Message message, int packetBody, CancellationToken cancellationToken = default)
    {
        var (id, body) = Jt808Messages.Write(message, Version);
        var frames = Jt808Packets.WriteSplit(new Jt808Header(id, Version, Phone, NextSerial), body, packetBody);
        NextSerial += (ushort)frames.Count;
        foreach (var frame in frames) await SendRawAsync(frame, cancellationToken);
        return (ushort)(NextSerial - 1);
    }

    /// <summary>Sends bytes as they are: for frames no well-behaved terminal would send.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        await _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>The next frame from the platform, or null when it closed the connection.</summary>
    public async Task<Jt808Packet?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (_received.Count == 0)
        {
            var read = await _reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (_splitter.Next(ref buffer, out var frame) is var outcome && outcome != SplitOutcome.NeedMore)
            {
                if (outcome == SplitOutcome.Frame && Jt808Packets.Read(frame.ToArray()).Packet is { } packet) _received.Enqueue(packet);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted && _received.Count == 0) return null;
        }

        return _received.Dequeue();
    }

    /// <summary>Sends a message and waits for the platform's answer to it (0x8001 or 0x8100 naming its serial).</summary>
    public async Task<Jt808Message> AskAsync(Jt808Message message, CancellationToken cancellationToken = default)
    {
        var serial = await SendAsync(message, cancellationToken);
        return await AnswerToAsync(serial, cancellationToken);
    }

    /// <summary>Waits for the answer naming this serial; other frames before it are skipped.</summary>
    public async Task<Jt808Message> AnswerToAsync(ushort serial, CancellationToken cancellationToken = default)
    {
        while (await ReceiveAsync(cancellationToken) is { } packet)
        {
            var answer = Jt808Messages.Read(packet);
            if (answer is PlatformReply p && p.ReplySerial == serial || answer is RegistrationReply r && r.ReplySerial == serial)
                return answer;
        }

        throw new IOException($"The platform closed the connection before answering message {serial}.");
    }

    public async Task<RegistrationReply> RegisterAsync(TerminalRegistration registration, CancellationToken cancellationToken = default) =>
        (RegistrationReply)await AskAsync(registration, cancellationToken);

    public async Task<ReplyResult> AuthenticateAsync(string code, CancellationToken cancellationToken = default) =>
        Result(await AskAsync(new TerminalAuthentication(code, Version == Jt808Version.V2019 ? "860000000000001" : null,
            Version == Jt808Version.V2019 ? "fleet-sim-1" : null), cancellationToken));

    public async Task<ReplyResult> ReportAsync(Jt808Position position, CancellationToken cancellationToken = default) =>
        Result(await AskAsync(new LocationReport(position), cancellationToken));

    public async Task<ReplyResult> UploadAsync(IReadOnlyList<Jt808Position> positions, byte kind = 0, CancellationToken cancellationToken = default) =>
        Result(await AskAsync(new LocationBatch(kind, positions), cancellationToken));

    public async Task<ReplyResult> HeartbeatAsync(CancellationToken cancellationToken = default) =>
        Result(await AskAsync(new Heartbeat(), cancellationToken));

    private static ReplyResult Result(Jt808Message answer) =>
        answer is PlatformReply p ? p.Result : throw new InvalidDataException($"Expected a general reply, got {answer}.");

    /// <summary>Closes the socket first, so that a read still waiting ends rather than races the reader's completion.</summary>
    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        await _stream.DisposeAsync();
        await _reader.CompleteAsync();
    }
}
