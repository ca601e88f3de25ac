using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Terminal;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Samples.DemoCity.Tracks;
using NodaTime;

namespace Fleet.Samples.TerminalSimulator;

/// <summary>What one simulated terminal did: reports the gateway acknowledged, batches, heartbeats, and how far its car drove.</summary>
public sealed record TerminalOutcome(string Terminal, bool Authenticated, int Reported, int Refused, int Batches, int Heartbeats, double Kilometres, string? Note);

/// <summary>
/// The simulator's engine: every terminal registers, authenticates, and reports its car's drive between the demo city's
/// offices along the roads, in the simulated time paced by the speed-up; heartbeats while the car stands, a batch
/// (0x0704, blind-area supplement) after each signal gap.
/// </summary>
public sealed class Simulation(SimulatorOptions options, IClock clock, TextWriter log)
{
    private static readonly Duration HeartbeatEvery = Duration.FromMinutes(1);

    private const int GapLength = 6;

    /// <summary>An average in town, lights and traffic included.</summary>
    private const double Kmh = 30;

    public async Task<IReadOnlyList<TerminalOutcome>> RunAsync(CancellationToken cancellation)
    {
        var start = options.Start ?? (options.SpeedUp > 1 ? clock.GetCurrentInstant() - options.Duration : clock.GetCurrentInstant());
        var map = WCityMap.Load();
        return await Task.WhenAll(options.Terminals.Select((terminal, i) =>
            DriveAsync(map, terminal, i, start, i == 0 ? options.Misuse : Misuse.None, cancellation)));
    }

    private async Task<TerminalOutcome> DriveAsync(WCityMap map, string terminal, int index, Instant start, Misuse misuse, CancellationToken cancellation)
    {
        var track = Plan(map, index, start, misuse);
        await using var client = await Jt808TerminalClient.ConnectAsync(options.Gateway, terminal, Jt808Version.V2019, cancellation);
        var registered = await client.RegisterAsync(new TerminalRegistration(42, 100, "FLEET", "SIM-808", $"SIM{index:D4}", 1, ""), cancellation);
        if (registered.Result != RegistrationResult.Registered ||
            await client.AuthenticateAsync(registered.AuthenticationCode!, cancellation) != ReplyResult.Ok)
        {
            await log.WriteLineAsync($"{terminal}: not let in ({registered.Result}); is it bound to a car?");
            return new TerminalOutcome(terminal, false, 0, 0, 0, 0, 0, "not bound");
        }

        var mileage = 100_000 + (uint)(index * 37_000);
        var fixes = track.Fixes.Select(f => ToPosition(f, mileage)).ToList();
        string? note = null;
        if (misuse == Misuse.Unplugged && track.Fixes.Count(f => f.Moving) >= 2)
        {
            var half = track.Fixes.TakeWhile(f => f.Moving).Count() / 2;
            fixes = [.. fixes.Take(half), fixes[half] with { Alarm = DemoTracks.MainPowerCut }];
            note = $"unplugged at {fixes[^1].Time}";
        }
        else if (misuse == Misuse.Padded)
            note = $"declare {track.Metres / 1000 + 40:N1} km (drove {track.Metres / 1000:N1} km)";

        int reported = 0, refused = 0, batches = 0, heartbeats = 0;
        var held = new List<Jt808Position>();
        var simulated = start;
        for (var i = 0; i < fixes.Count; i++)
        {
            var fix = fixes[i];
            // Standing still: the terminal keeps the connection alive between its sparse reports.
            for (var beat = simulated + HeartbeatEvery; beat < fix.Time; beat += HeartbeatEvery)
            {
                await PaceAsync(beat - simulated, cancellation);
                simulated = beat;
                await client.HeartbeatAsync(cancellation);
                heartbeats++;
            }

            await PaceAsync(fix.Time - simulated, cancellation);
            simulated = fix.Time;
            if (options.GapEvery > 0 && i % options.GapEvery >= options.GapEvery - GapLength && i < fixes.Count - 1)
            {
                held.Add(fix);
                continue;
            }

            if (held.Count > 0)
            {
                // Out of the tunnel: what was kept goes in one batch marked as a blind-area supplement.
                if (await client.UploadAsync(held, kind: 1, cancellation) == ReplyResult.Ok) reported += held.Count;
                else refused += held.Count;
                batches++;
                held.Clear();
            }

            if (await client.ReportAsync(fix, cancellation) == ReplyResult.Ok) reported++;
            else refused++;
        }

        await log.WriteLineAsync($"{terminal}: {reported} reports stored, {refused} refused, {batches} batches, {heartbeats} heartbeats, {track.Metres / 1000:N1} km" +
                                 (note is null ? "" : $"; {misuse}: {note}"));
        return new TerminalOutcome(terminal, true, reported, refused, batches, heartbeats, track.Metres / 1000, note);
    }

    /// <summary>
    /// The car's day: from its depot to an office, a while there, on to the next, until the time is up, then back; the
    /// misuse changes one part of it.
    /// </summary>
    private TrackBuilder Plan(WCityMap map, int index, Instant start, Misuse misuse)
    {
        var random = new Random(options.Seed + index);
        var depot = map.Depot(options.Pool).Point;
        var offices = map.Places.Where(p => p.Kind == "destination" && p.Point.MetresTo(depot) < 12_000).ToList();
        var flagged = map.Flagged.ToList();
        var home = misuse == Misuse.Overnight ? offices.MaxBy(o => map.MetresBetween(depot, o.Point))!.Point : depot;
        var track = new TrackBuilder(start, depot, options.Interval, Duration.FromMinutes(5));
        var end = start + options.Duration;
        Duration Driving(GeoPoint from, GeoPoint to) => Duration.FromSeconds(map.MetresBetween(from, to) / Kmh * 3.6);
        for (var first = true; ; first = false)
        {
            var (places, standing) = (misuse, first) switch
            {
                (Misuse.Detour or Misuse.Weekend, true) => (flagged, Duration.FromHours(1)),
                _ => (offices, Duration.FromMinutes(random.Next(10, 40))),
            };
            // Only where there is time to go, stand a while and still be back when the time is up.
            var within = places.Select(p => p.Point)
                .Where(p => p != track.At && track.Now + Driving(track.At, p) + Duration.FromMinutes(5) + Driving(p, home) <= end).ToList();
            if (within.Count == 0) break;
            var stop = within[random.Next(within.Count)];
            track.Drive(map.Route(track.At, stop)!, Kmh);
            track.ParkUntil(Instant.Min(track.Now + standing, end - Driving(stop, home)));
            if (misuse == Misuse.Weekend) break;
        }

        track.Drive(map.Route(track.At, home)!, Kmh);
        if (misuse == Misuse.Overnight) track.ParkUntil(end);
        return track;
    }

    private async Task PaceAsync(Duration simulated, CancellationToken cancellation)
    {
        var real = TimeSpan.FromTicks((long)(simulated.BclCompatibleTicks / options.SpeedUp));
        if (real > TimeSpan.FromMilliseconds(1)) await Task.Delay(real, cancellation);
    }

    private static Jt808Position ToPosition(TrackFix fix, uint mileage) =>
        new(fix.At, (int)Math.Round(fix.Point.Latitude * 1_000_000), (int)Math.Round(fix.Point.Longitude * 1_000_000), 25, (ushort)fix.Speed,
            (ushort)fix.Direction, 0, DemoTracks.Positioned | (fix.Moving ? DemoTracks.IgnitionOn : 0), mileage + (uint)Math.Round(fix.Metres / 100));
}
