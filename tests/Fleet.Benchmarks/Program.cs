using BenchmarkDotNet.Running;
using Fleet.Benchmarks.Candidates;
using Fleet.Benchmarks.Load;

// `dotnet run -c Release --project tests/Fleet.Benchmarks -- --filter '*'` runs every BenchmarkDotNet benchmark;
// `… -- candidates-endpoint [requests]` measures the candidate list through the whole server;
// `… -- load [--clients N] [--seconds S] [--rate R] [--out file.md]` measures the command path against the floor
// (`--dump-sql` prints the statements captured for one trip instead);
// `… -- rebuild [0.25,0.5,1]` rebuilds every projection over the demo city at each size.
// See docs/performance.md.
switch (args)
{
    case ["candidates-endpoint", ..]:
        await CandidateEndpointMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 300);
        return;
    case ["rebuild", ..]:
        var sizes = (args.Length > 1 ? args[1] : "0.25,0.5,1").Split(',')
            .Select(text => Fleet.Samples.DemoCity.DemoCitySize.TryParse(text, out var size) ? size : throw new ArgumentException($"not a size: {text}"))
            .ToList();
        await Fleet.Benchmarks.Projections.RebuildMeasurement.RunAsync(sizes);
        return;
    case ["load", ..]:
        await LoadHarness.RunAsync(new LoadOptions(
            Clients: Option("--clients", 8), Seconds: Option("--seconds", 30), Rate: Option("--rate", 200),
            Output: args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault(), DumpSql: args.Contains("--dump-sql")));
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(CandidateRankingBenchmarks).Assembly).Run(args);

int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value) : fallback;
