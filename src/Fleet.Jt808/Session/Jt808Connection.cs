using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Fleet.Jt808.Session;

/// <summary>
/// One terminal's TCP connection: reads frames with a <see cref="PipeReader"/>, and handles them one at a time, so
/// answers keep the terminal's order and a slow sink slows only its own terminal. The decisions are
/// <see cref="Jt808Session"/>'s; this class only carries them out.
/// </summary>
internal sealed class Jt808Connection(
    Socket socket,
    Jt808ListenerOptions options,
    ITerminalDirectory directory,
    IPositionSink sink,
    IClock clock,
    Jt808Statistics statistics,
    ILogger logger)
{
    private readonly Jt808Reassembly _reassembly = new(options.Reassembly);
    private readonly string _remote = socket.RemoteEndPoint?.ToString() ?? "?";
    private SessionState _state = SessionState.Initial;
    private ushort _serial;
    private int _oversize;
    private int _consecutiveFaults;

    public async Task RunAsync(CancellationToken stopping)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        var splitter = new Jt808FrameSplitter(options.MaxFrameLength);
        try
        {
            while (true)
            {
                ReadResult read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    idle.CancelAfter(options.IdleTimeout);
                    try
                    {
                        read = await reader.ReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                    {
                        logger.LogInformation("JT/T 808 connection {Remote} ({Phone}) closed: silent for {Idle}", _remote, _state.AuthenticatedPhone, options.IdleTimeout);
                        return;
                    }
                }

                var buffer = read.Buffer;
                var open = true;
                while (open)
                {
                    var outcome = splitter.Next(ref buffer, out var frame);
                    if (outcome == SplitOutcome.NeedMore) break;
                    open = outcome == SplitOutcome.Oversize ? Oversize() : await HandleAsync(frame, stream, stopping);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (!open)
                {
                    statistics.ConnectionClosed();
                    return;
                }

                if (read.IsCompleted) return;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            logger.LogDebug(e, "JT/T 808 connection {Remote} ({Phone}) lost", _remote, _state.AuthenticatedPhone);
        }
        catch (Exception e)
        {
            statistics.Failure();
            logger.LogError(e, "JT/T 808 connection {Remote} ({Phone}) failed", _remote, _state.AuthenticatedPhone);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private bool Oversize()
    {
        statistics.FrameRead();
        statistics.FrameDropped(FrameFault.Oversize);
        logger.LogWarning("JT/T 808 frame from {Remote} ({Phone}) over {Limit} bytes dropped", _remote, _state.AuthenticatedPhone, options.MaxFrameLength);
        return ++_oversize < options.MaxOversizeFrames;
    }

    /// <summary>Handles one frame; false when the connection is to be closed.</summary>
    private async Task<bool> HandleAsync(ReadOnlySequence<byte> frame, Stream stream, CancellationToken stopping)
    {
        statistics.FrameRead();
        var reading = Jt808Packets.Read(frame.ToArray());
        if (reading.Fault is { } fault)
        {
            statistics.FrameDropped(fault);
            logger.LogWarning("JT/T 808 frame from {Remote} ({Phone}) dropped: {Fault}", _remote, _state.AuthenticatedPhone, fault);
            return ++_consecutiveFaults < options.MaxConsecutiveFaults;
        }

        _consecutiveFaults = 0;
        var now = clock.GetCurrentInstant();
        switch (_reassembly.Add(reading.Packet!, now, out var packet))
        {
            case ReassemblyOutcome.Pending:
                return true;
            case ReassemblyOutcome.Refused:
                statistics.SplitMessageRefused();
                logger.LogWarning("JT/T 808 split message from {Remote} ({Phone}) dropped: over the reassembly limits", _remote, reading.Packet!.Header.Phone);
                return true;
        }

        var header = packet!.Header;
        var step = Jt808Session.Decide(_state, header, Jt808Messages.Read(packet), now, options.ClockTolerance);
        switch (step)
        {
            case SessionStep.Answer answer:
                if (answer.Result != ReplyResult.Ok)
                {
                    statistics.AnswerRefusing();
                    logger.LogInformation("JT/T 808 message 0x{Id:x4} from {Phone} answered {Result}: {Why}", header.MessageId, header.Phone, answer.Result, answer.Why);
                }

                await ReplyAsync(header, answer.Result, stream, stopping);
                return true;

            case SessionStep.Register register:
                var (registered, outcome) = await AskAsync(() => directory.RegisterAsync(header.Phone, register.Registration, stopping), "registration", header, stopping);
                if (!registered) await ReplyAsync(header, ReplyResult.Failure, stream, stopping);
                else await SendAsync(header, new RegistrationReply(header.Serial, outcome!.Result, outcome.AuthenticationCode), stream, stopping);
                return true;

            case SessionStep.Authenticate authenticate:
                var (asked, known) = await AskAsync(() => directory.AuthenticateAsync(header.Phone, authenticate.Code, stopping), "authentication", header, stopping);
                if (!asked)
                {
                    await ReplyAsync(header, ReplyResult.Failure, stream, stopping);
                    return true;
                }

                var (state, result, close) = Jt808Session.Authenticated(_state, header.Phone, known, options.MaxRefusedAuthentications);
                _state = state;
                if (!known)
                {
                    statistics.AnswerRefusing();
                    logger.LogWarning("JT/T 808 terminal {Phone} at {Remote} presented an unknown authentication code", header.Phone, _remote);
                }

                await ReplyAsync(header, result, stream, stopping);
                return !close;

            case SessionStep.Store store:
                var (stored, _) = await AskAsync(async () =>
                {
                    await sink.AcceptAsync(header.Phone, store.Positions, stopping);
                    return true;
                }, "storing positions", header, stopping);
                if (!stored)
                {
                    await ReplyAsync(header, ReplyResult.Failure, stream, stopping);
                    return true;
                }

                statistics.PositionsStoredAdd(store.Positions.Count);
                if (store.Dropped > 0)
                {
                    statistics.PositionsDroppedAdd(store.Dropped);
                    logger.LogInformation("JT/T 808 batch from {Phone}: {Dropped} positions reported from the future left out", header.Phone, store.Dropped);
                }

                await ReplyAsync(header, ReplyResult.Ok, stream, stopping);
                return true;

            case SessionStep.Logout:
                _state = Jt808Session.LoggedOut(_state);
                await ReplyAsync(header, ReplyResult.Ok, stream, stopping);
                return true;

            default:
                return true;
        }
    }

    /// <summary>
    /// Calls the directory or the sink; not answered when it failed (a timeout of its own included), which the
    /// terminal hears as "failure" and retries. The failure is the platform's, not the terminal's, so the connection
    /// stays open; only the gateway stopping ends it.
    /// </summary>
    private async Task<(bool Answered, T? Answer)> AskAsync<T>(Func<Task<T>> ask, string what, Jt808Header header, CancellationToken stopping)
    {
        try
        {
            return (true, await ask());
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogError(e, "JT/T 808 {What} for {Phone} failed", what, header.Phone);
            return (false, default);
        }
    }

    private Task ReplyAsync(Jt808Header inbound, ReplyResult result, Stream stream, CancellationToken stopping) =>
        SendAsync(inbound, new PlatformReply(inbound.Serial, inbound.MessageId, result), stream, stopping);

    /// <summary>An answer goes out in the terminal's edition, to its phone number, with the platform's own serial.</summary>
    private async Task SendAsync(Jt808Header inbound, Jt808Message message, Stream stream, CancellationToken stopping)
    {
        var (id, body) = Jt808Messages.Write(message, inbound.Version);
        var header = new Jt808Header(id, inbound.Version, inbound.Phone, _serial++,
            ProtocolVersion: inbound.Version == Jt808Version.V2019 ? inbound.ProtocolVersion : (byte)1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.WriteTimeout);
        try
        {
            await stream.WriteAsync(Jt808Packets.Write(header, body), timeout.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new IOException($"The terminal did not read its answers for {options.WriteTimeout}.");
        }
    }
}
