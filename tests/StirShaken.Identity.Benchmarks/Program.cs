// Benchmarks: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- --filter '*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
