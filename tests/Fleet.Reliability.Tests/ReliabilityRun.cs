using System.Diagnostics;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>The settings of one run: how long the load lasts, how many people and cars, and what goes wrong meanwhile.</summary>
public sealed record RunPlan(string Name, int Nodes, TimeSpan Load, int People, int Crews, Trouble? Trouble = null);

/// <summary>What goes wrong during the load; it notes what it did and saw.</summary>
public delegate Task Trouble(FleetCluster cluster, List<string> notes, CancellationToken until);

/// <summary>What a run did and what the store held afterwards.</summary>
public sealed record RunResult(RunPlan Plan, Findings Findings, NotificationFindings Notifications, PositionFindings Positions, CommandLog Log, StoryTally Tally,
    int Kills, int DatabaseCrashes, TimeSpan SettledIn, List<string> Notes);

/// <summary>
/// Starts the cluster, sets up the pool, lets the people work and the cars' terminals report for the planned time while the
/// plan's trouble happens, then waits — bounded — for the system to settle (every node back, every timer fired, every projection caught up,
/// every notification delivered) and examines the store and what the notification channels' far ends received.
/// </summary>
public static class ReliabilityRun
{
    /// <summary>How long the system gets after the load to fire its timers and catch its projections up.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(2);

    /// <summary>The load's length is scaled by <c>FLEET_RELIABILITY_SCALE</c> (1 by default): a longer run for the report.</summary>
    public static TimeSpan Scaled(TimeSpan load) =>
        double.TryParse(Environment.GetEnvironmentVariable("FLEET_RELIABILITY_SCALE"), System.Globalization.CultureInfo.InvariantCulture, out var scale)
            ? load * scale
            : load;

    public static async Task<RunResult> ExecuteAsync(RunPlan plan)
    {
        await using var ledger = await NotificationLedger.StartAsync();
        await using var cluster = await FleetCluster.StartAsync(plan.Name, plan.Nodes, ledger.Settings);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var workload = await Workload.PrepareAsync(cluster, http, plan.Crews);
        var positions = new PositionLedger(cluster, workload.Crews);
        var notes = new List<string>();

        using (var load = new CancellationTokenSource(plan.Load))
        {
            var people = workload.RunAsync(plan.People, load.Token);
            var terminals = positions.RunAsync(load.Token);
            var trouble = plan.Trouble?.Invoke(cluster, notes, load.Token) ?? Task.CompletedTask;
            try
            {
                await Task.WhenAll(people, terminals, trouble);
            }
            catch (Exception failure)
            {
                throw new InvalidOperationException($"The run failed: {failure.Message}{Environment.NewLine}{cluster.LogTail()}", failure);
            }
        }

        var settle = Stopwatch.StartNew();
        for (var node = 0; node < cluster.NodeCount; node++)
            if (!cluster.IsUp(node))
                await cluster.StartNodeAsync(node);
        await cluster.WaitUntilReadyAsync(SettleLimit);

        Findings findings;
        NotificationFindings told;
        while (true)
        {
            findings = await StoreAudit.ExamineAsync(cluster.ConnectionString, workload.Log.Commands);
            told = await ledger.ExamineAsync(cluster.ConnectionString, workload.Stories);
            // A killed node's messages are taken over by the others' durability agents on their next round: waited for, as timers are.
            if ((findings.ProjectionsCaughtUp && findings.WaitingToClose == 0 && findings.StuckMessages == 0 && told.Complete) || settle.Elapsed > SettleLimit)
                break;
            await Task.Delay(1000);
        }

        notes.Add(await AuditChainAsync(cluster, http, findings.EventCount, settle));
        // An acknowledged position was committed before its answer went out: nothing to wait for.
        var stored = await positions.ExamineAsync(cluster.ConnectionString);
        return new RunResult(plan, findings, told, stored, workload.Log, workload.Tally, cluster.Kills, cluster.DatabaseCrashes, settle.Elapsed, notes);
    }

    /// <summary>
    /// The tamper-evident chain, as a city supervisor verifies it, once it has been carried over every event: the chain
    /// is kept by a background service that, like the projections, must go on from where a killed node left it.
    /// </summary>
    private static async Task<string> AuditChainAsync(FleetCluster cluster, HttpClient http, long events, Stopwatch settle)
    {
        var supervisor = new Person(DemoCity.Login("city", Role.Supervisor), DemoCity.Password, cluster, http, new CommandLog());
        while (true)
        {
            var report = await supervisor.ReadAsync("/api/audit/verify");
            if (report.GetProperty("eventsChecked").GetInt64() >= events || settle.Elapsed > SettleLimit) return report.GetRawText();
            await Task.Delay(1000);
        }
    }

    /// <summary>
    /// Every <paramref name="every"/>, a node is killed with SIGKILL and started again at once; with
    /// <paramref name="database"/>, every third time PostgreSQL is stopped in immediate mode for three seconds instead.
    /// </summary>
    public static Trouble Crashes(TimeSpan every, bool database) => async (cluster, notes, until) =>
    {
        for (var round = 1; await WaitAsync(every, until); round++)
        {
            if (database && round % 3 == 0)
            {
                await cluster.CrashDatabaseAsync(TimeSpan.FromSeconds(3));
                continue;
            }

            var node = round % cluster.NodeCount;
            await cluster.KillNodeAsync(node);
            await cluster.StartNodeAsync(node);
        }
    };

    /// <summary>
    /// Kills the nodes in turn and keeps the killed one down until the other has carried every projection past what was
    /// stored at the kill. From the second kill on, the killed node is the one that had the projections (the other was
    /// alone when they last moved), so each of those kills moves them. A node takes from seconds to most of the load's
    /// minute to start again on a busy machine, so the second kill comes after the load if the load ends first.
    /// </summary>
    public static Trouble TakeOvers(TimeSpan every) => async (cluster, notes, until) =>
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = new ProjectionWatch(cluster, http);
        using var stopWatching = new CancellationTokenSource();
        var watching = watch.RunAsync(stopWatching.Token);
        var moves = 0;
        try
        {
            for (var round = 0; round < TakeOversAtLeast ? await PauseAsync(every) : await WaitAsync(every, until); round++)
            {
                var node = round % cluster.NodeCount;
                var ranThere = watch.Runner == node;
                var stored = await ScalarAsync(cluster, "select coalesce(max(seq_id), 0) from public.mt_events");
                var afterLoad = until.IsCancellationRequested;
                await cluster.KillNodeAsync(node);
                var taken = Stopwatch.StartNew();
                long reached;
                while ((reached = await ScalarAsync(cluster, "select coalesce(min(last_seq_id), 0) from public.mt_event_progression where name like '%:%'")) < stored)
                {
                    if (taken.Elapsed > TimeSpan.FromMinutes(1))
                        throw new TimeoutException($"With node {node + 1} killed, the projections did not pass event {stored} on another node within a minute: " +
                                                   $"they reached {reached}.");
                    await Task.Delay(100);
                }

                if (ranThere) moves++;
                var passed = taken.Elapsed;
                await cluster.StartNodeAsync(node);
                notes.Add($"kill {round + 1} (node {node + 1}, {(ranThere ? "which ran the projections" : "on standby")}{(afterLoad ? ", after the load" : "")}): " +
                          $"the projections passed event {stored:N0} on the other node {passed.TotalSeconds:0.0} s later; the node answered again " +
                          $"{(taken.Elapsed - passed).TotalSeconds:0.0} s after that");
            }
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watching;
        }

        notes.Add($"projection runners observed {watch.Rounds:N0} times (every 250 ms on every live node): two nodes at once {watch.Overlaps} times; moved by a kill {moves} times");
        if (watch.Overlaps > 0) throw new InvalidOperationException($"Two nodes ran the projections at once in {watch.Overlaps} of {watch.Rounds} rounds.");
        if (moves == 0) throw new InvalidOperationException("No kill hit the node running the projections, so none showed them moving.");
    };

    /// <summary>The kills a take-over run makes whatever the time: the second is the first sure to move the projections.</summary>
    public const int TakeOversAtLeast = 2;

    private static async Task<bool> PauseAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        return true;
    }

    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken until)
    {
        try
        {
            await Task.Delay(delay, until);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<long> ScalarAsync(FleetCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        return await StoreAudit.ScalarAsync(connection, sql);
    }
}
