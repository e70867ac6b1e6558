// Benchmarks: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- --filter '*'
// Hostile-input measurements (README "Hostile input"; figures, not assertions):
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- dns-storm [hosts]
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- per-host-rss [hosts] [nxdomain|refused]
// The verify --batch workload (README "Performance"): N signed INVITEs and the command that verifies them:
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- batch-files DIR [COUNT]
// Cold x5u fetch latency per call (p50/p99) against a local Kestrel HTTPS server:
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- cold-fetch [N]
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using StirShaken.Identity.Benchmarks.Harness;
using StirShaken.Identity.Benchmarks.Hostile;

return args.FirstOrDefault() switch
{
    "dns-storm" => await DnsStormHarness.RunAsync(args.Skip(1).ToArray()),
    "per-host-rss" => await PerHostRssHarness.RunAsync(args.Skip(1).ToArray()),
    "batch-files" => BatchFilesHarness.Run(args.Skip(1).ToArray()),
    "cold-fetch" => await ColdFetchHarness.RunAsync(args.Skip(1).ToArray()),
    _ => Run(args),
};

static int Run(string[] args)
{
    // BenchmarkDotNet builds a copy of this project per job; on a busy 2-core machine that takes longer than its 2-minute default.
    var config = ManualConfig.Create(DefaultConfig.Instance);
    config.BuildTimeout = TimeSpan.FromMinutes(15);
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    return 0;
}
