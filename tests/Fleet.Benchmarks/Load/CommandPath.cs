using System.Diagnostics;
using System.Threading.Channels;

namespace Fleet.Benchmarks.Load;

/// <summary>Trips driven through the HTTP API, by a fixed number of clients or at a fixed arrival rate.</summary>
internal static class CommandPath
{
    /// <summary>Each client drives trips one after another with a crew of its own, as fast as answers come.</summary>
    public static async Task<Tally> ClosedLoopAsync(FleetClient client, Office office, IReadOnlyList<Crew> crews, int clients, TimeSpan duration)
    {
        var tally = new Tally();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
                await TripScript.DriveAsync(client, office, crews[c], tally.Add, Stopwatch.GetTimestamp());
        }));
        tally.Stop();
        return tally;
    }

    /// <summary>
    /// Trips start on a fixed schedule that makes <paramref name="rate"/> commands a second, whatever the answers take;
    /// each trip's first command is timed from its scheduled moment, so a slow server cannot hide its backlog.
    /// </summary>
    public static async Task<Tally> OpenLoopAsync(FleetClient client, Office office, IReadOnlyList<Crew> crews, int rate, TimeSpan duration)
    {
        var tally = new Tally();
        await ScheduledAsync(crews, TripScript.Commands.Length, rate, duration, (crew, due) => TripScript.DriveAsync(client, office, crew, tally.Add, due));
        tally.Stop();
        return tally;
    }

    /// <summary>
    /// The schedule of a fixed arrival rate: a trip of <paramref name="commandsPerTrip"/> commands is due every so often to make
    /// <paramref name="rate"/> commands a second, and is driven (<paramref name="drive"/>, given when it was due) with a crew
    /// that is free; one still busy is not lent to the next trip.
    /// </summary>
    public static async Task ScheduledAsync<TCrew>(IEnumerable<TCrew> crews, int commandsPerTrip, int rate, TimeSpan duration, Func<TCrew, long, Task> drive)
    {
        var free = Channel.CreateUnbounded<TCrew>();
        foreach (var crew in crews) free.Writer.TryWrite(crew);

        var interval = commandsPerTrip / (double)rate;
        var trips = (int)(duration.TotalSeconds / interval);
        var start = Stopwatch.GetTimestamp();
        var running = new List<Task>();
        for (var i = 0; i < trips; i++)
        {
            var due = start + (long)(i * interval * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            running.Add(Task.Run(async () =>
            {
                var crew = await free.Reader.ReadAsync();
                try
                {
                    await drive(crew, due);
                }
                finally
                {
                    free.Writer.TryWrite(crew);
                }
            }));
        }

        await Task.WhenAll(running);
    }
}
