// Benchmarks: dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- --filter '*'
// Hostile-input measurements (README "Hostile input"; figures, not assertions):
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- dns-storm [hosts]
//   dotnet run -c Release --project tests/StirShaken.Identity.Benchmarks -- per-host-rss [hosts] [nxdomain|refused]
using BenchmarkDotNet.Running;
using StirShaken.Identity.Benchmarks.Hostile;

return args.FirstOrDefault() switch
{
    "dns-storm" => await DnsStormHarness.RunAsync(args.Skip(1).ToArray()),
    "per-host-rss" => await PerHostRssHarness.RunAsync(args.Skip(1).ToArray()),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
