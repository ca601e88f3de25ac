using Fleet.Jt808.Framing;
using NodaTime;

namespace Fleet.Jt808.Session;

/// <summary>Where the gateway listens and the limits it keeps every terminal within.</summary>
public sealed record Jt808ListenerOptions
{
    /// <summary>The address to bind; loopback unless configured otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 takes a free one (tests).</summary>
    public int Port { get; init; }

    /// <summary>The longest escaped frame read; the protocol's longest is <see cref="Jt808Packets.MaxEscapedFrameLength"/>.</summary>
    public int MaxFrameLength { get; init; } = Jt808Packets.MaxEscapedFrameLength;

    /// <summary>Oversize frames a connection may send before it is closed.</summary>
    public int MaxOversizeFrames { get; init; } = 3;

    /// <summary>Unreadable frames in a row (bad escape, bad check code, …) before the connection is closed.</summary>
    public int MaxConsecutiveFaults { get; init; } = 32;

    /// <summary>Refused authentication codes on one connection before it is closed.</summary>
    public int MaxRefusedAuthentications { get; init; } = 5;

    public int MaxConnections { get; init; } = 20_000;

    /// <summary>A connection silent this long is closed; terminals send a heartbeat every minute or so by default.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an answer may wait for the terminal to read; one that never reads is closed rather than held.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far ahead of the platform's clock a terminal's time may be before its report is refused.</summary>
    public Duration ClockTolerance { get; init; } = Duration.FromMinutes(10);

    public ReassemblyLimits Reassembly { get; init; } = ReassemblyLimits.Default;
}
