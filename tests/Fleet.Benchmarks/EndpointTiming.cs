using System.Diagnostics;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;

namespace Fleet.Benchmarks;

/// <summary>Requests timed one at a time through an in-process server, and their table: p50, p95, p99, mean and the ratio to a baseline.</summary>
/// <summary>One kind of request to time, asked as the demo account of <see cref="Role"/> in <see cref="Pool"/>.</summary>
internal sealed record TimedRequest(string Name, string Pool, Role Role, string Url);

internal static class EndpointTiming
{
    /// <summary>Outside a test run the test host cannot find the server's folder by itself; the repository holds it.</summary>
    public static void UseRepositoryContentRoot() =>
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FLEET_SERVER", TestRepository.PathOf("src", "Fleet.Server"));

    public static async Task<double> TimeAsync(FleetApp app, string pool, Role role, string url)
    {
        var watch = Stopwatch.StartNew();
        await app.ScenarioAs(pool, role, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Each request asked <paramref name="requests"/> times, the kinds interleaved so that they share whatever else the
    /// machine is doing, after <paramref name="warmUps"/> rounds not counted; answers the table, the first row the baseline.
    /// </summary>
    public static async Task<string> MeasureAsync(FleetApp app, IReadOnlyList<TimedRequest> kinds, int warmUps, int requests)
    {
        var timings = kinds.Select(_ => new List<double>()).ToList();
        for (var i = 0; i < warmUps; i++)
            foreach (var kind in kinds) await TimeAsync(app, kind.Pool, kind.Role, kind.Url);
        for (var i = 0; i < requests; i++)
            for (var k = 0; k < kinds.Count; k++) timings[k].Add(await TimeAsync(app, kinds[k].Pool, kinds[k].Role, kinds[k].Url));

        var table = Table(requests, kinds.Select((kind, k) => (kind.Name, timings[k])).ToList());
        Console.WriteLine();
        Console.WriteLine(table);
        return table;
    }

    /// <summary>The first row is the baseline every mean is divided by.</summary>
    public static string Table(int requests, IReadOnlyList<(string Name, List<double> Timings)> rows)
    {
        var baseline = rows[0].Timings.Average();
        var table = new System.Text.StringBuilder();
        table.AppendLine($"| Request ({requests} each, interleaved) | p50 ms | p95 ms | p99 ms | mean ms | ratio (mean) |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, timings) in rows)
        {
            var sorted = timings.Order().ToList();
            double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
            table.AppendLine($"| {name}{(ReferenceEquals(timings, rows[0].Timings) ? " (baseline)" : "")} | {At(0.50):0.0} | {At(0.95):0.0} | " +
                             $"{At(0.99):0.0} | {timings.Average():0.0} | {timings.Average() / baseline:0.00} |");
        }

        return table.ToString();
    }
}
