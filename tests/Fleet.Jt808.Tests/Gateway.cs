using System.Collections.Concurrent;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using Fleet.Jt808.Terminal;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Fleet.Jt808.Tests;

/// <summary>
/// The terminals the tests' platform knows: a terminal may register once it is provisioned (bound to a car) and only
/// once; the administrator may issue it a new code (a replaced terminal), after which the old one stops working.
/// </summary>
internal sealed class InMemoryDirectory : ITerminalDirectory
{
    private readonly ConcurrentDictionary<string, string?> _codes = new();
    private int _issued;

    public void Provision(string phone) => _codes.TryAdd(phone, null);

    public string? CodeOf(string phone) => _codes.GetValueOrDefault(phone);

    public Task<RegistrationOutcome> RegisterAsync(string phone, TerminalRegistration registration, CancellationToken cancellationToken)
    {
        if (!_codes.TryGetValue(phone, out var existing)) return Task.FromResult(RegistrationOutcome.Refused(RegistrationResult.NoSuchTerminal));
        if (existing is not null) return Task.FromResult(RegistrationOutcome.Refused(RegistrationResult.TerminalAlreadyRegistered));
        return Task.FromResult(RegistrationOutcome.Registered(Reissue(phone)));
    }

    /// <summary>A new code for the terminal; the one before it no longer authenticates.</summary>
    public string Reissue(string phone)
    {
        var code = $"AC{Interlocked.Increment(ref _issued):D6}{phone[^4..]}";
        _codes[phone] = code;
        return code;
    }

    public Task<bool> AuthenticateAsync(string phone, string authenticationCode, CancellationToken cancellationToken) =>
        Task.FromResult(_codes.TryGetValue(phone, out var code) && code is not null && code == authenticationCode);
}

/// <summary>Positions kept in memory, by terminal; it can be told to fail or to hold a batch until released.</summary>
internal sealed class InMemorySink : IPositionSink
{
    public ConcurrentQueue<(string Phone, Jt808Position Position)> Stored { get; } = new();

    public Func<Task>? Before { get; set; }

    public async Task AcceptAsync(string phone, IReadOnlyList<Jt808Position> positions, CancellationToken cancellationToken)
    {
        if (Before is { } before) await before();
        foreach (var position in positions) Stored.Enqueue((phone, position));
    }

    public IEnumerable<Jt808Position> Of(string phone) => Stored.Where(s => s.Phone == phone).Select(s => s.Position);
}

/// <summary>A listener on a free loopback port with in-memory ports and a fake clock.</summary>
internal sealed class Gateway : IAsyncDisposable
{
    public static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 6, 0);

    private Gateway(Jt808ListenerOptions options)
    {
        Listener = new Jt808Listener(options, Directory, Sink, Clock, NullLogger<Jt808Listener>.Instance);
        Listener.Start();
    }

    public FakeClock Clock { get; } = new(Now);
    public InMemoryDirectory Directory { get; } = new();
    public InMemorySink Sink { get; } = new();
    public Jt808Listener Listener { get; }

    public static Gateway Start(Jt808ListenerOptions? options = null) => new(options ?? new Jt808ListenerOptions());

    public Task<Jt808TerminalClient> ConnectAsync(string phone, Jt808Version version) =>
        Jt808TerminalClient.ConnectAsync(Listener.LocalEndPoint, phone, version);

    /// <summary>A provisioned terminal, registered (unless it was before) and authenticated on a new connection.</summary>
    public async Task<Jt808TerminalClient> SignedInAsync(string phone, Jt808Version version)
    {
        Directory.Provision(phone);
        var terminal = await ConnectAsync(phone, version);
        if (Directory.CodeOf(phone) is null)
        {
            var registered = await terminal.RegisterAsync(Registration(phone));
            if (registered.Result != RegistrationResult.Registered) throw new InvalidOperationException($"{phone} not registered: {registered.Result}");
        }

        if (await terminal.AuthenticateAsync(Directory.CodeOf(phone)!) != ReplyResult.Ok) throw new InvalidOperationException($"{phone} not authenticated");
        return terminal;
    }

    public static TerminalRegistration Registration(string phone) => new(42, 100, "70111", "BD-GPS-8", "T" + phone[^6..], 1, "鄂A·C" + phone[^4..]);

    /// <summary>A position a few seconds before the clock, numbered so every one is told apart.</summary>
    public static Jt808Position Position(int n) =>
        new(Now - Duration.FromSeconds(n % 3600), 30_500_000 + n, 114_300_000 + n, 23, (ushort)(n % 1200), (ushort)(n % 360), MileageTenthsKm: (uint)n);

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}
