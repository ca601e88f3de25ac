using BenchmarkDotNet.Running;
using Fleet.Benchmarks.Candidates;

// `dotnet run -c Release --project tests/Fleet.Benchmarks -- --filter '*'` runs every BenchmarkDotNet benchmark;
// `… -- candidates-endpoint [requests]` measures the candidate list through the whole server. See docs/performance.md.
if (args is ["candidates-endpoint", ..])
{
    await CandidateEndpointMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 300);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CandidateRankingBenchmarks).Assembly).Run(args);
