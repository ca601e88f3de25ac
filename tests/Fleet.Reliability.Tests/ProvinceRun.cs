using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Reliability.Tests;

/// <summary>What a province run did, city by city and database by database, and what it saw of the projections' agents.</summary>
public sealed record ProvinceRunResult(
    IReadOnlyDictionary<string, StoryTally> Trips,
    IReadOnlyDictionary<string, Findings> Databases,
    CommandLog[] Logs,
    int Kills,
    int ClusterCrashes,
    AgentWatch Agents,
    OutageProbe WhileXiangyangWasDown,
    JsonElement Verification,
    JsonElement Overview,
    TimeSpan SettledIn,
    List<string> Notes);

/// <summary>What Wuhan's people got while the cluster of Xiangyang and Xiantao was down.</summary>
public sealed record OutageProbe(bool PageAnswered, TimeSpan PageTook, Outcome Command, int WuhanAcknowledgedMeanwhile);

/// <summary>
/// The province's run: three cities' people drive trips end to end on three nodes while a node is killed (the one running the
/// agents of Xiangyang's database, then the one running Wuhan's), each time until another node has taken its agents up, and
/// while the cluster holding Xiangyang's and Xiantao's database is stopped in immediate mode and started again. Then waits —
/// bounded — for everything to settle and examines each city database.
/// </summary>
public static class ProvinceRun
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(3);

    private static readonly (string City, string Prefix, string Plates, int FirstCrew)[] Cities =
    [
        (ProvinceCluster.Wuhan, "wh", "鄂A·W", 0), (ProvinceCluster.Xiangyang, "xy", "鄂F·X", 10), (ProvinceCluster.Xiantao, "xt", "鄂M·T", 20),
    ];

    public static async Task<ProvinceRunResult> ExecuteAsync(TimeSpan load)
    {
        await using var cluster = await ProvinceCluster.StartAsync("province", nodes: 3);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var workloads = new Dictionary<string, Workload>();
        foreach (var (city, prefix, plates, firstCrew) in Cities)
            workloads[city] = await Workload.PrepareAsync(cluster, http, crews: 3, await StaffAsync(cluster, http, city, prefix, plates, firstCrew));

        var notes = new List<string>();
        var watch = new AgentWatch(cluster, http);
        using var stopWatching = new CancellationTokenSource();
        var watching = watch.RunAsync(stopWatching.Token);
        OutageProbe probe;
        // The people work for the planned time, and on until the trouble is over: every kill and the outage happen under load.
        using (var until = new CancellationTokenSource())
        {
            var people = workloads.Values.Select(w => w.RunAsync(4, until.Token)).ToList();
            try
            {
                var planned = Task.Delay(load);
                await TakeOverAsync(cluster, watch, "city-420600-429004", notes);
                probe = await OutageAsync(cluster, http, workloads[ProvinceCluster.Wuhan], notes);
                await TakeOverAsync(cluster, watch, "city-420100", notes);
                await planned;
                await until.CancelAsync();
                await Task.WhenAll(people);
            }
            catch (Exception failure)
            {
                throw new InvalidOperationException($"The run failed: {failure.Message}{Environment.NewLine}{cluster.LogTail()}", failure);
            }
        }

        await stopWatching.CancelAsync();
        await watching;

        var settle = Stopwatch.StartNew();
        for (var node = 0; node < cluster.NodeCount; node++)
            if (!cluster.IsUp(node))
                await cluster.StartNodeAsync(node);
        await cluster.WaitUntilReadyAsync(SettleLimit);

        var databases = new Dictionary<string, Findings>();
        foreach (var (database, cities) in new[] { (cluster.WuhanDatabase, new[] { ProvinceCluster.Wuhan }), (cluster.CitiesDatabase, [ProvinceCluster.Xiangyang, ProvinceCluster.Xiantao]) })
        {
            var commands = cities.SelectMany(c => workloads[c].Log.Commands).ToList();
            Findings findings;
            while (true)
            {
                findings = await StoreAudit.ExamineAsync(database, commands);
                if ((findings.ProjectionsCaughtUp && findings.WaitingToClose == 0 && findings.StuckMessages == 0) || settle.Elapsed > SettleLimit) break;
                await Task.Delay(1000);
            }

            databases[string.Join("+", cities)] = findings;
        }

        var supervisor = new Person(ProvinceCluster.Supervisor, ProvinceCluster.Password, cluster, http, new CommandLog());
        var verification = await supervisor.ReadAsync("/api/audit/province/verify?from=start");
        var month = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date.ToYearMonth();
        var overview = await supervisor.ReadAsync($"/api/reports/province?period={month:uuuu-MM}");
        return new ProvinceRunResult(workloads.ToDictionary(w => w.Key, w => w.Value.Tally), databases, [.. workloads.Values.Select(w => w.Log)],
            cluster.Kills, cluster.ClusterCrashes, watch, probe, verification, overview, settle.Elapsed, notes);
    }

    /// <summary>A city's fleet admin sets up a unit with its clerk and head, and a dispatcher, as <c>setup-city</c> left them to.</summary>
    private static async Task<Staff> StaffAsync(ProvinceCluster cluster, HttpClient http, string city, string prefix, string plates, int firstCrew)
    {
        var admin = new Person(ProvinceCluster.AdminOf(city), ProvinceCluster.Password, cluster, http, new CommandLog());
        var unit = $"{prefix.ToUpperInvariant()}0001";
        await ExpectAsync(admin.CommandAsync("unit", "/api/organisations/units", new { code = unit, name = $"{prefix}办公室", parentCode = city }));
        foreach (var (login, organisation, role) in new[] { ($"{prefix}-clerk", unit, "Clerk"), ($"{prefix}-head", unit, "Approver"), ($"{prefix}-dispatcher", city, "Dispatcher") })
            await ExpectAsync(admin.CommandAsync("account", "/api/users",
                new { loginName = login, displayName = login, organisationCode = organisation, roles = new[] { role }, password = ProvinceCluster.Password }));
        return new Staff(ProvinceCluster.AdminOf(city), $"{prefix}-clerk", $"{prefix}-head", $"{prefix}-dispatcher", ProvinceCluster.Password, city, plates, firstCrew,
            TellsPeople: false);
    }

    private static async Task ExpectAsync(Task<Answer> command)
    {
        var answer = await command;
        if (answer.Outcome != Outcome.Acknowledged) throw new InvalidOperationException($"setup: {answer.Outcome} {answer.Code}");
    }

    /// <summary>
    /// Kills the node running <paramref name="database"/>'s projection agents and keeps it down until another node runs them,
    /// then starts it again.
    /// </summary>
    private static async Task TakeOverAsync(ProvinceCluster cluster, AgentWatch watch, string database, List<string> notes)
    {
        var found = Stopwatch.StartNew();
        int? runner;
        while ((runner = watch.RunnerOf(database)) is null)
        {
            if (found.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException($"No node ran the agents of {database} within a minute; in {watch.Rounds} rounds the nodes ran those of " +
                                           $"{string.Join(", ", watch.RunnersSeen.Keys)}.");
            await Task.Delay(250);
        }

        await cluster.KillNodeAsync(runner.Value);
        var taken = Stopwatch.StartNew();
        int? next;
        while ((next = watch.RunnerOf(database)) is null || next == runner)
        {
            if (taken.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"With node {runner + 1} killed, no other node took the agents of {database} up within a minute.");
            await Task.Delay(250);
        }

        watch.Moved(database);
        notes.Add($"killed node {runner + 1}, which ran the agents of {database}: node {next + 1} ran them {taken.Elapsed.TotalSeconds:0.0} s later");
        await cluster.StartNodeAsync(runner.Value);
    }

    /// <summary>
    /// Stops the cluster of Xiangyang's and Xiantao's database for five seconds; meanwhile Wuhan's fleet admin reads a page and
    /// registers a car, and Wuhan's people go on with their trips.
    /// </summary>
    private static async Task<OutageProbe> OutageAsync(ProvinceCluster cluster, HttpClient http, Workload wuhan, List<string> notes)
    {
        var admin = new Person(ProvinceCluster.AdminOf(ProvinceCluster.Wuhan), ProvinceCluster.Password, cluster, http, new CommandLog());
        await admin.ReadAsync("/api/me");
        var probe = new OutageProbe(false, TimeSpan.Zero, Outcome.Refused, 0);
        var before = wuhan.Log.Commands.Count(c => c.Outcome == Outcome.Acknowledged);
        await cluster.CrashCitiesClusterAsync(TimeSpan.FromSeconds(5), async () =>
        {
            var took = Stopwatch.StartNew();
            var page = await admin.ReadAsync("/api/trips?pageSize=5");
            var read = took.Elapsed;
            var registered = await admin.CommandAsync("vehicle", "/api/vehicles",
                new { plate = "鄂A·Z0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" });
            await Task.Delay(TimeSpan.FromSeconds(3));
            probe = new OutageProbe(page.ValueKind == JsonValueKind.Object, read, registered.Outcome,
                wuhan.Log.Commands.Count(c => c.Outcome == Outcome.Acknowledged) - before);
        });
        notes.Add($"the cluster of Xiangyang and Xiantao stopped for 5 s: Wuhan's page answered in {probe.PageTook.TotalSeconds:0.0} s, " +
                  $"its car was {probe.Command}, and Wuhan's people had {probe.WuhanAcknowledgedMeanwhile} commands acknowledged meanwhile");
        return probe;
    }
}

/// <summary>
/// Asks every live node, several times a second, which projection agents it runs (<c>GET /health/projections</c>): at no
/// moment may two nodes run one agent, and each database's agents must move when the node running them is killed.
/// </summary>
public sealed class AgentWatch(ProvinceCluster cluster, HttpClient http)
{
    private readonly Dictionary<string, int> _runnerOf = [];
    private readonly HashSet<string> _moved = [];

    public int Rounds { get; private set; }
    public int Overlaps { get; private set; }
    public List<string> OverlapsSeen { get; } = [];

    /// <summary>The databases whose agents were seen running, each with every node that ran any of them.</summary>
    public Dictionary<string, HashSet<int>> RunnersSeen { get; } = [];

    public IReadOnlyCollection<string> MovedDatabases => _moved;

    /// <summary>
    /// The live node running the agents of <paramref name="database"/> — the store's id of it or its name on the server, as
    /// Wolverine names it in the agents' addresses (<c>{host}.{name}</c> or the id) — or null while none does.
    /// </summary>
    public int? RunnerOf(string database)
    {
        lock (_runnerOf)
            return _runnerOf.Where(r => Names(database).Any(name => r.Key.Contains(name, StringComparison.Ordinal)) && cluster.IsUp(r.Value))
                .Select(r => (int?)r.Value).FirstOrDefault();
    }

    private static string[] Names(string database) => database switch
    {
        "city-420100" => [database, ".wuhan"],
        "city-420600-429004" => [database, ".xiangyang_xiantao"],
        _ => [database],
    };

    public void Moved(string database) => _moved.Add(database);

    public async Task RunAsync(CancellationToken until)
    {
        while (!until.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(cluster.LiveNodes().Select(async node => (node.Node, Running: await ProjectionWatch.RunningAsync(http, node.Address))));
            if (answers.Length > 0 && answers.All(a => a.Running is not null))
            {
                Rounds++;
                var holders = answers.SelectMany(a => a.Running!.Select(agent => (Agent: agent, a.Node))).GroupBy(x => x.Agent).ToList();
                foreach (var shared in holders.Where(h => h.Count() > 1))
                {
                    Overlaps++;
                    if (OverlapsSeen.Count < 10) OverlapsSeen.Add($"{shared.Key} on nodes {string.Join(", ", shared.Select(h => h.Node + 1))}");
                }

                lock (_runnerOf)
                    foreach (var agent in holders)
                    {
                        // event-subscriptions://marten/main/{database}/{projection}/{shard}
                        var database = new Uri(agent.Key).Segments is { Length: > 2 } segments ? segments[2].TrimEnd('/') : agent.Key;
                        _runnerOf[database] = agent.First().Node;
                        if (!RunnersSeen.TryGetValue(database, out var nodes)) RunnersSeen[database] = nodes = [];
                        nodes.Add(agent.First().Node);
                    }
            }

            try
            {
                await Task.Delay(250, until);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
