using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Samples.DemoHost;
using Fleet.Benchmarks.Candidates;
using Fleet.Benchmarks.Load;
using Fleet.Benchmarks.Projections;
using Fleet.Samples.DemoCity;
using Fleet.Testing;

namespace Fleet.Benchmarks;

/// <summary>
/// Every measurement of the harness in one run, into one Markdown report headed by the machine it ran on: the command
/// path against the floor, a trip request and a read against PostgreSQL's floor and the stack's, projection rebuilds, the candidate list and the year's dashboards through the server, every page over the demo city, the import of 100,000 records
/// from outside against a COPY, positions through the JT/T 808 gateway (docs/positions/performance.md), and start-up.
/// </summary>
internal static class AllMeasurements
{
    public static async Task RunAsync(string output, IReadOnlyList<DemoCitySize> sizes, IReadOnlyList<double> histories)
    {
        var report = new StringBuilder();
        report.AppendLine($"# Fleet measured on {DateTime.UtcNow:yyyy-MM-dd}");
        report.AppendLine();
        report.AppendLine($"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                          $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}; embedded PostgreSQL with fsync on, " +
                          "server, clients and database on the same cores. See docs/performance.md for what each part measures.");
        report.AppendLine();

        report.AppendLine("## The command path against the floor");
        report.AppendLine(await LoadHarness.RunAsync(new LoadOptions(Clients: 8, Seconds: 30, Rate: 200, Output: null, DumpSql: false)));
        report.AppendLine("## Fleet against PostgreSQL's floor and the stack's");
        report.AppendLine(await FloorRatios.RunAsync(new FloorOptions(Connections: 16, Seconds: 20, WarmUpSeconds: 60, Output: null)));
        report.AppendLine("## Rebuilding every projection");
        report.AppendLine(await RebuildMeasurement.RunAsync(sizes));
        report.AppendLine();
        report.AppendLine("## Audit verification from the last signed checkpoint against the full run");
        report.AppendLine(await Fleet.Benchmarks.Integrity.AuditVerificationMeasurement.RunAsync(sizes, null, [10_000, 25_000], 3));
        report.AppendLine();
        report.AppendLine("## Dispatch candidates for 1,000 cars and 10,000 reservations");
        report.AppendLine(await CandidateEndpointMeasurement.RunAsync(300));
        report.AppendLine("## Dashboards and logbooks over a year of 1,000 cars");
        report.AppendLine(await Fleet.Benchmarks.Queries.QueryMeasurement.RunAsync(200));
        report.AppendLine("## Pages over the demo city");
        report.AppendLine(await Fleet.Benchmarks.Pages.PageMeasurement.RunAsync(histories, 20));
        report.AppendLine("## Importing 100,000 records from outside against a COPY of the same rows");
        report.AppendLine(await Fleet.Benchmarks.Records.RecordImportMeasurement.RunAsync(new Fleet.Benchmarks.Records.RecordImportOptions()));
        report.AppendLine("## Positions: the JT/T 808 gateway against COPY, 5,000 terminals held, reads of a 1,000-car pool");
        report.AppendLine(await Fleet.Benchmarks.Positions.PositionMeasurement.RunAsync(new Fleet.Benchmarks.Positions.PositionOptions()));
        report.AppendLine("## Start-up");
        report.AppendLine(await StartupAsync());

        await File.WriteAllTextAsync(output, report.ToString());
        Console.WriteLine($"Written to {output}");
    }

    /// <summary>The start-up script, which starts server processes of its own and prints its table.</summary>
    private static async Task<string> StartupAsync()
    {
        var script = new ProcessStartInfo("bash", [TestRepository.PathOf("tests", "Fleet.Benchmarks", "startup", "measure-startup.sh"), "3"])
        {
            RedirectStandardOutput = true,
        };
        using var measure = Process.Start(script)!;
        var table = await measure.StandardOutput.ReadToEndAsync();
        await measure.WaitForExitAsync();
        if (measure.ExitCode != 0) throw new InvalidOperationException($"measure-startup.sh failed ({measure.ExitCode}): {table}");
        Console.WriteLine(table);
        return table;
    }
}
