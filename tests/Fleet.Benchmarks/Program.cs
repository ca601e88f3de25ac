using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/Fleet.Benchmarks -- --filter '*'` runs every benchmark; see README.md there.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
