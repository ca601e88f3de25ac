using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Reliability.Tests;

/// <summary>
/// Asks every live node, several times a second, which projections it runs (<c>GET /health/projections</c>): at no
/// moment may two nodes run them, and after the node running them is killed another one must take them up.
/// </summary>
public sealed class ProjectionWatch(FleetCluster cluster, HttpClient http)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    /// <summary>Rounds in which every live node answered.</summary>
    public int Rounds { get; private set; }

    /// <summary>Rounds in which more than one node said it runs projections.</summary>
    public int Overlaps { get; private set; }

    /// <summary>The node that last said it runs the projections.</summary>
    public int? Runner { get; private set; }

    public async Task RunAsync(CancellationToken until)
    {
        while (!until.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(cluster.LiveNodes().Select(async node => (node.Node, Running: await RunningAsync(http, node.Address))));
            if (answers.All(a => a.Running is not null))
            {
                Rounds++;
                var runners = answers.Where(a => a.Running!.Count > 0).Select(a => a.Node).ToList();
                if (runners.Count > 1) Overlaps++;
                if (runners.Count == 1) Runner = runners[0];
            }

            try
            {
                await Task.Delay(Every, until);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The projections a node runs, or null when it did not answer (killed a moment ago, or starting).</summary>
    internal static async Task<List<string>?> RunningAsync(HttpClient http, Uri node)
    {
        try
        {
            var report = await http.GetFromJsonAsync<JsonElement>(new Uri(node, "/health/projections"));
            return report.GetProperty("runningHere").EnumerateArray().Select(s => s.GetString()!).ToList();
        }
        catch (Exception)
        {
            // A node killed a moment ago, starting, or too busy to answer in time: this round does not count.
            return null;
        }
    }
}
