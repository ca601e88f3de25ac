using System.Globalization;
using System.Net;
using Fleet.Samples.DemoCity;
using NodaTime;

namespace Fleet.Samples.TerminalSimulator;

/// <summary>What a car's terminal does wrong, or rather what its driver does, for the reconciliation to find.</summary>
public enum Misuse
{
    None,

    /// <summary>A drive to a scenic spot and back with no trip: run it on a rest day (or with --start on one).</summary>
    Weekend,

    /// <summary>The first stop is an hour at a scenic spot or an entertainment venue.</summary>
    Detour,

    /// <summary>Drives as usual; at the end prints the odometer reading the driver will declare: 40 km more than driven.</summary>
    Padded,

    /// <summary>The last drive ends at a flat far from the depot, where the car stays.</summary>
    Overnight,

    /// <summary>Halfway along the first drive the terminal reports its power cut and falls silent.</summary>
    Unplugged,
}

/// <summary>The simulator's command line (docs/positions/simulator.md).</summary>
public sealed record SimulatorOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 7808;

    /// <summary>The terminals' numbers, as bound to the cars; by default the first cars of 江岸区 in the demo city.</summary>
    public IReadOnlyList<string> Terminals { get; init; } = DemoTerminals(1, 5);

    /// <summary>The division code of the pool whose depot the cars leave from.</summary>
    public string Pool { get; init; } = DemoCityGenerator.MisusePool;

    /// <summary>Between two reports while driving, in the simulated time.</summary>
    public Duration Interval { get; init; } = Duration.FromSeconds(10);

    /// <summary>How much faster than the clock the cars drive: 60 plays an hour in a minute.</summary>
    public double SpeedUp { get; init; } = 1;

    /// <summary>How long the cars drive, in the simulated time.</summary>
    public Duration Duration { get; init; } = Duration.FromHours(1);

    /// <summary>
    /// The first report's time. By default now, or, when sped up, the duration before now, so that no report is dated
    /// ahead of the gateway's clock (which refuses the future).
    /// </summary>
    public Instant? Start { get; init; }

    /// <summary>What the first terminal's car does wrong; the others drive as they should.</summary>
    public Misuse Misuse { get; init; }

    /// <summary>Every this many reports the car drives through a tunnel for a few and sends them in one batch afterwards.</summary>
    public int GapEvery { get; init; } = 40;

    public int Seed { get; init; } = 2026;

    public IPEndPoint Gateway => new(Dns.GetHostAddresses(Host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), Port);

    /// <summary>The terminals the demo city fits to a pool's first cars (the pool's place: 0 the city, 1 江岸区, …).</summary>
    public static IReadOnlyList<string> DemoTerminals(int poolIndex, int count) =>
        Enumerable.Range(0, count).Select(i => DemoCityGenerator.TerminalOf(poolIndex, i)).ToList();

    public const string Usage = """
        Fleet terminal simulator: demo cars reporting over JT/T 808 to a Fleet gateway.

          --host <name>          gateway host (127.0.0.1)
          --port <n>             gateway port (7808)
          --terminals <n>        the first n cars of the pool in the demo city (5)
          --terminal <number>    a bound terminal's number instead; repeat for more
          --pool <index>         the demo pool whose cars and depot: 0 city, 1 江岸区 … 6 青山区 (1)
          --interval <seconds>   between reports while driving (10)
          --speed-up <factor>    simulated seconds per real second (1)
          --duration <minutes>   simulated minutes of driving (60)
          --start <instant>      first report's time, e.g. 2026-11-07T02:00:00Z (now, or before now when sped up)
          --misuse <kind>        none, weekend, detour, padded, overnight, unplugged (none): the first car's
          --gap-every <n>        reports between signal gaps sent later as one batch (40; 0 for none)
          --seed <n>             the cars' choice of destinations (2026)
        """;

    /// <summary>Reads the command line; a word it does not know is an error naming it.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        var terminals = new List<string>();
        var poolIndex = 1;
        var count = 5;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--host" => options with { Host = value },
                "--port" => options with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                "--terminals" => Set(ref count, int.Parse(value, CultureInfo.InvariantCulture), options),
                "--terminal" => Add(terminals, value, options),
                "--pool" => Set(ref poolIndex, int.Parse(value, CultureInfo.InvariantCulture), options),
                "--interval" => options with { Interval = Duration.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--speed-up" => options with { SpeedUp = double.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = Duration.FromMinutes(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--start" => options with { Start = NodaTime.Text.InstantPattern.ExtendedIso.Parse(value).Value },
                "--misuse" => options with { Misuse = Enum.Parse<Misuse>(value, ignoreCase: true) },
                "--gap-every" => options with { GapEvery = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        if (poolIndex is < 0 or > WCity.DistrictCount) throw new ArgumentException($"--pool is 0 to {WCity.DistrictCount}.");
        var pool = poolIndex == 0 ? WCity.City : WCity.Districts[poolIndex - 1];
        return options with { Pool = pool.Code, Terminals = terminals.Count > 0 ? terminals : DemoTerminals(poolIndex, count) };
    }

    private static SimulatorOptions Set(ref int field, int value, SimulatorOptions options)
    {
        field = value;
        return options;
    }

    private static SimulatorOptions Add(List<string> terminals, string terminal, SimulatorOptions options)
    {
        terminals.Add(terminal);
        return options;
    }
}
