using System.Net.Sockets;
using System.Text;
using Fleet.Domain.Positions;
using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Terminal;
using NodaTime;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>One position as a terminal sent it: the car its terminal is bound to, the terminal's twelve digits, the fix's time and place.</summary>
public sealed record LedgerPosition(Guid Vehicle, string Terminal, Instant At, int Latitude, int Longitude);

/// <summary>What the positions table holds after a run, held against what the terminals were told (0x8001 ok).</summary>
public sealed record PositionFindings
{
    public int Terminals { get; init; }
    public int Sent { get; init; }
    public int Acknowledged { get; init; }

    /// <summary>Positions sent more than once: their answer was a failure or never came (a node killed, the database away).</summary>
    public int Resent { get; init; }

    public int Reconnections { get; init; }
    public int Registrations { get; init; }
    public int FailureAnswers { get; init; }
    public int Unanswered { get; init; }
    public long Stored { get; init; }

    /// <summary>Acknowledged positions the table does not hold.</summary>
    public List<string> Lost { get; init; } = [];

    /// <summary>Acknowledged positions the table holds for another terminal or car, or at another place.</summary>
    public List<string> Altered { get; init; } = [];

    /// <summary>A terminal's fix (terminal and time) in the table more than once.</summary>
    public List<string> StoredTwice { get; init; } = [];

    /// <summary>Rows of the run's terminals that no terminal sent.</summary>
    public List<string> NeverSent { get; init; } = [];

    /// <summary>Rows sent on a connection that never authenticated, or by a terminal bound to no car.</summary>
    public List<string> StoredUnauthenticated { get; init; } = [];

    /// <summary>Answers no well-behaved terminal should get: "ok" to an intruder, "wrong message" to a good report.</summary>
    public List<string> UnexpectedAnswers { get; init; } = [];

    public int IntruderAttempts { get; init; }

    public string Describe()
    {
        var text = new StringBuilder($"positions: {Terminals} terminals sent {Sent:N0}, {Acknowledged:N0} acknowledged, {Resent:N0} sent again, {Stored:N0} rows; " +
                                     $"{Reconnections} reconnections, {Registrations} registrations, {FailureAnswers} failure answers, {Unanswered} unanswered; " +
                                     $"{IntruderAttempts} intruders' tries");
        foreach (var (name, list) in new[] { ("lost", Lost), ("altered", Altered), ("stored twice", StoredTwice), ("never sent", NeverSent),
                     ("stored for no authenticated terminal", StoredUnauthenticated), ("unexpected answers", UnexpectedAnswers) })
            if (list.Count > 0) text.Append($"{Environment.NewLine}{name} ({list.Count}): {string.Join("; ", list.Take(10))}");
        return text.ToString();
    }
}

/// <summary>
/// The position ledger of a run: each crew's car carries a simulated JT/T 808 terminal that reports through the nodes'
/// gateways the whole run, reconnecting and authenticating again when its connection drops and sending again what was
/// not acknowledged, as real terminals do (盲区补报). Alongside, an intruder reports under a bound terminal's number
/// without authenticating, and a terminal bound to no car tries to get in. Every position answered "ok" must be in the
/// positions table, once, as sent; nothing the intruders sent may be.
/// </summary>
public sealed class PositionLedger
{
    /// <summary>Altitude no good terminal reports: marks the intruder's fixes, so that any that were stored are found.</summary>
    public const int IntruderAltitude = 999;

    /// <summary>A SIM number bound to no car.</summary>
    public const string StrangerPhone = "13899990000";

    private readonly FleetCluster _cluster;
    private readonly List<SimulatedTerminal> _terminals;
    private readonly List<string> _intruderAnswers = [];
    private int _intruderAttempts;

    public PositionLedger(FleetCluster cluster, IReadOnlyList<Crew> crews)
    {
        _cluster = cluster;
        // The fixes start an hour back: the terminals report faster than real time and never get ahead of the platform's clock.
        var start = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds() - 3600);
        _terminals = crews.Select((crew, i) => new SimulatedTerminal(cluster, crew, i, start)).ToList();
    }

    /// <summary>Each crew's terminal, eleven digits as printed on its SIM; both editions of the protocol are spoken among them.</summary>
    public static string TerminalOf(int crew) => $"1380000{crew:D4}";

    /// <summary>Reports until <paramref name="until"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken until) =>
        Task.WhenAll(_terminals.Select(t => t.RunAsync(until)).Append(IntrudeAsync(until)));

    /// <summary>
    /// Once a second: a report under the first car's terminal number on a connection that did not authenticate, again after
    /// a made-up code; and the stranger, bound to no car, registering, authenticating and reporting. Each must be refused.
    /// </summary>
    private async Task IntrudeAsync(CancellationToken until)
    {
        var impostor = TerminalOf(0);
        for (var round = 0; !until.IsCancellationRequested; round++)
        {
            try
            {
                await Task.Delay(1000, until);
                // Two hours back: no good terminal reports at these times.
                var at = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds() - 7200);
                var fix = new Jt808Position(at, 30_500_000, 114_200_000, IntruderAltitude, 300, 90);
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(until);
                patience.CancelAfter(TimeSpan.FromSeconds(10));

                await using (var client = await Jt808TerminalClient.ConnectAsync(_cluster.NextGateway(), impostor, Jt808Version.V2019, patience.Token))
                {
                    Interlocked.Increment(ref _intruderAttempts);
                    Expect("report before authenticating", await client.AskAsync(new LocationReport(fix), patience.Token), ReplyResult.Failure);
                    Expect("made-up code", await client.AskAsync(new TerminalAuthentication($"GUESS{round:D6}", "860000000000009", "intruder"), patience.Token),
                        ReplyResult.Failure);
                    Expect("batch after a refused code", await client.AskAsync(new LocationBatch(1, [fix with { Time = at + Duration.FromSeconds(1) }]), patience.Token),
                        ReplyResult.Failure);
                }

                await using (var stranger = await Jt808TerminalClient.ConnectAsync(_cluster.NextGateway(), StrangerPhone, Jt808Version.V2013, patience.Token))
                {
                    Interlocked.Increment(ref _intruderAttempts);
                    var registration = await stranger.AskAsync(new TerminalRegistration(42, 100, "FLEET", "BD-2013", "X000001", 1, "鄂A·X0000"), patience.Token);
                    // Refused as unknown, or "failure" while the database is away: never a code.
                    if (registration is RegistrationReply { Result: RegistrationResult.Registered })
                        lock (_intruderAnswers) _intruderAnswers.Add("a terminal bound to no car was registered");
                    Expect("stranger's code", await stranger.AskAsync(new TerminalAuthentication("ACSTRANGER"), patience.Token), ReplyResult.Failure);
                    Expect("stranger's report", await stranger.AskAsync(new LocationReport(fix with { Time = at + Duration.FromSeconds(2) }), patience.Token),
                        ReplyResult.Failure);
                }
            }
            catch (OperationCanceledException) when (until.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A node killed under the intruder: it dials again next round.
            }
        }
    }

    private void Expect(string what, Jt808Message answer, ReplyResult expected)
    {
        if (answer is PlatformReply { Result: var result } && result == expected) return;
        lock (_intruderAnswers) _intruderAnswers.Add($"{what}: {answer}");
    }

    /// <summary>Reads the positions table, as an auditor would, and holds it against what the terminals sent and were told.</summary>
    public async Task<PositionFindings> ExamineAsync(string connectionString)
    {
        var rows = new List<(Guid Vehicle, string Terminal, Instant At, int Latitude, int Longitude, int Altitude)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select vehicle, terminal, at, lat, lon, altitude from public.fleet_positions", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetGuid(0), reader.GetString(1), Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(2)), reader.GetInt32(3),
                    reader.GetInt32(4), reader.GetInt16(5)));
        }

        var sent = _terminals.SelectMany(t => t.Sent.Keys).ToHashSet();
        var acknowledged = _terminals.SelectMany(t => t.Acknowledged).ToList();
        var byFix = rows.ToLookup(r => (r.Terminal, r.At));
        var ours = _terminals.Select(t => t.Number).ToHashSet();
        var stranger = TerminalNumber.Normalize(StrangerPhone);

        List<string> intruders;
        lock (_intruderAnswers) intruders = [.. _intruderAnswers, .. _terminals.SelectMany(t => t.UnexpectedAnswers)];
        return new PositionFindings
        {
            Terminals = _terminals.Count,
            Sent = sent.Count,
            Acknowledged = acknowledged.Count,
            Resent = _terminals.Sum(t => t.Sent.Values.Count(times => times > 1)),
            Reconnections = _terminals.Sum(t => t.Reconnections),
            Registrations = _terminals.Sum(t => t.Registrations),
            FailureAnswers = _terminals.Sum(t => t.FailureAnswers),
            Unanswered = _terminals.Sum(t => t.Unanswered),
            Stored = rows.Count,
            Lost = acknowledged.Where(p => !byFix[(p.Terminal, p.At)].Any()).Select(Describe).ToList(),
            Altered = acknowledged
                .Where(p => byFix[(p.Terminal, p.At)].Any(r => r.Vehicle != p.Vehicle || r.Latitude != p.Latitude || r.Longitude != p.Longitude))
                .Select(Describe).ToList(),
            StoredTwice = byFix.Where(f => f.Count() > 1).Select(f => $"{f.Key.Terminal} at {f.Key.At} ×{f.Count()}").ToList(),
            NeverSent = rows.Where(r => ours.Contains(r.Terminal) && r.Altitude != IntruderAltitude &&
                                        !sent.Contains(new LedgerPosition(r.Vehicle, r.Terminal, r.At, r.Latitude, r.Longitude)))
                .Select(r => $"{r.Terminal} at {r.At}").ToList(),
            StoredUnauthenticated = rows.Where(r => r.Altitude == IntruderAltitude || r.Terminal == stranger).Select(r => $"{r.Terminal} at {r.At}").ToList(),
            UnexpectedAnswers = intruders,
            IntruderAttempts = _intruderAttempts,
        };
    }

    private static string Describe(LedgerPosition p) => $"{p.Terminal} at {p.At} ({p.Latitude}, {p.Longitude})";
}

/// <summary>
/// One car's terminal: registers once, authenticates on every connection, reports a fix at a time with now and then a
/// batch, and keeps what was not acknowledged to send again, as a blind-area batch, once it is connected and
/// authenticated again. It stops taking new fixes when the load ends.
/// </summary>
internal sealed class SimulatedTerminal(FleetCluster cluster, Crew crew, int index, Instant start)
{
    /// <summary>How long an answer may take: well past the database's connection timeout (5 s); past it the terminal dials again.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    private readonly Jt808Version _version = index % 2 == 0 ? Jt808Version.V2013 : Jt808Version.V2019;
    private readonly List<Jt808Position> _unacknowledged = [];
    private Jt808TerminalClient? _client;
    private string? _code;
    private int _fixes, _reports, _connections;
    private bool _reporting;

    public string Number { get; } = TerminalNumber.Normalize(crew.Terminal)!;

    /// <summary>Every position sent, with how many times.</summary>
    public Dictionary<LedgerPosition, int> Sent { get; } = [];

    public List<LedgerPosition> Acknowledged { get; } = [];
    public List<string> UnexpectedAnswers { get; } = [];

    /// <summary>Connections after the first: each a drop (a node killed, an answer that never came) or a refusal to start over from.</summary>
    public int Reconnections => Math.Max(0, _connections - 1);
    public int Registrations { get; private set; }
    public int FailureAnswers { get; private set; }
    public int Unanswered { get; private set; }

    public async Task RunAsync(CancellationToken until)
    {
        try
        {
            while (!until.IsCancellationRequested)
            {
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(until);
                patience.CancelAfter(AnswerWithin);
                try
                {
                    if (_client is null)
                    {
                        await ConnectAsync(patience.Token);
                        continue;
                    }

                    var resend = _unacknowledged.Count > 0;
                    if (!resend)
                    {
                        await Task.Delay(200, until);
                        _unacknowledged.AddRange(NextFixes(++_reports % 10 == 0 ? 5 : 1));
                        if (_unacknowledged.Count == 0) continue;
                    }

                    await ReportAsync(resend, patience.Token);
                }
                catch (Exception e) when (!until.IsCancellationRequested && e is IOException or SocketException or OperationCanceledException)
                {
                    // The node died, or did not answer in time: dial again (to whichever gateway answers) and send the rest again.
                    if (_reporting) Unanswered++;
                    _reporting = false;
                    await DropAsync();
                    await Task.Delay(250, until);
                }
            }
        }
        catch (Exception e) when (until.IsCancellationRequested && e is OperationCanceledException or IOException or SocketException)
        {
            // The load is over: what is still unacknowledged is not in the ledger.
        }
        finally
        {
            await DropAsync();
        }
    }

    /// <summary>Dials, registers when it has no code (or the last one was refused), and authenticates.</summary>
    private async Task ConnectAsync(CancellationToken cancellation)
    {
        _client = await Jt808TerminalClient.ConnectAsync(cluster.NextGateway(), crew.Terminal, _version, cancellation);
        _connections++;
        if (_code is null)
        {
            var answer = await _client.AskAsync(new TerminalRegistration(42, 100, "FLEET", $"BD-{_version}", $"R{index:D6}", 1, $"鄂A·R{index:D4}"), cancellation);
            if (answer is not RegistrationReply { Result: RegistrationResult.Registered, AuthenticationCode: { } code })
            {
                // "Failure" while the database is away; anything else is wrong.
                if (answer is not PlatformReply { Result: ReplyResult.Failure }) UnexpectedAnswers.Add($"{Number} registering: {answer}");
                FailureAnswers++;
                await PauseAsync(cancellation);
                return;
            }

            Registrations++;
            _code = code;
        }

        var result = await _client.AuthenticateAsync(_code, cancellation);
        if (result == ReplyResult.Ok) return;
        // The database away, or a code superseded by a registration whose answer was lost: register again.
        FailureAnswers++;
        _code = null;
        await PauseAsync(cancellation);
    }

    private async Task ReportAsync(bool resend, CancellationToken cancellation)
    {
        var positions = _unacknowledged.ToList();
        foreach (var position in positions)
        {
            var key = Ledger(position);
            Sent[key] = Sent.GetValueOrDefault(key) + 1;
        }

        Jt808Message report = positions.Count == 1 && !resend ? new LocationReport(positions[0]) : new LocationBatch(resend ? (byte)1 : (byte)0, positions);
        _reporting = true;
        var result = await _client!.AskAsync(report, cancellation);
        _reporting = false;
        switch (result)
        {
            case PlatformReply { Result: ReplyResult.Ok }:
                Acknowledged.AddRange(positions.Select(Ledger));
                _unacknowledged.Clear();
                break;
            case PlatformReply { Result: ReplyResult.Failure }:
                // The platform could not store them (its database away): the same positions again after a pause.
                FailureAnswers++;
                await Task.Delay(500, cancellation);
                break;
            default:
                UnexpectedAnswers.Add($"{Number} reporting {positions.Count}: {result}");
                await Task.Delay(500, cancellation);
                break;
        }
    }

    /// <summary>The next fixes of a drive north-east, a second apart from the start, never ahead of the clock.</summary>
    private IEnumerable<Jt808Position> NextFixes(int count)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        for (var i = 0; i < count; i++)
        {
            var at = start + Duration.FromSeconds(_fixes);
            if (at > now) yield break;
            var n = _fixes++;
            yield return new Jt808Position(at, 30_580_000 + index * 10_000 + n * 7, 114_280_000 + index * 10_000 + n * 5, (ushort)(20 + index),
                (ushort)(300 + n % 200), (ushort)(n % 360), Status: Jt808Position.PositionedBit | Jt808Position.IgnitionBit, MileageTenthsKm: (uint)(100_000 + n));
        }
    }

    private LedgerPosition Ledger(Jt808Position p) => new(crew.Vehicle, Number, p.Time, p.LatitudeMicrodegrees, p.LongitudeMicrodegrees);

    private async Task PauseAsync(CancellationToken cancellation)
    {
        await DropAsync();
        await Task.Delay(500, cancellation);
    }

    private async Task DropAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        _client = null;
    }
}
