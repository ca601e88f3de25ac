using Fleet.Samples.TerminalSimulator;
using NodaTime;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SimulatorOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine($"{options.Terminals.Count} terminal(s) to {options.Host}:{options.Port}, a report every {options.Interval.TotalSeconds} s, " +
                  $"{options.Duration.TotalMinutes} min at {options.SpeedUp}x" + (options.Misuse == Misuse.None ? "" : $", first car: {options.Misuse}"));
try
{
    var outcomes = await new Simulation(options, SystemClock.Instance, Console.Out).RunAsync(stop.Token);
    return outcomes.All(o => o.Authenticated && o.Refused == 0) ? 0 : 1;
}
catch (OperationCanceledException)
{
    return 130;
}
catch (System.Net.Sockets.SocketException e)
{
    Console.Error.WriteLine($"No gateway at {options.Host}:{options.Port}: {e.Message}");
    return 1;
}
