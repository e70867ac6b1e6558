using System.Diagnostics;
using System.Net.Sockets;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests.Infrastructure;

/// <summary>
/// A real HAProxy (Debian package haproxy, see tests/run.sh) in the foreground (<c>-db</c>) on 127.0.0.1 with a generated
/// configuration: samples/Deploy/haproxy.cfg with the test's ports. Stopped by its id.
/// </summary>
internal sealed class HaproxyProcess : BackgroundProcess
{
    private HaproxyProcess(string haproxy, string config)
        : base(haproxy, ["-db", "-f", config])
    {
    }

    public int Port { get; private init; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>
    /// samples/Deploy/haproxy.cfg (copied to the test output) with the test's ports: round robin, health checks on
    /// <c>/ready</c>, L7 retries with redispatch.
    /// </summary>
    public static string Config(int port, IReadOnlyList<int> backends)
    {
        Assert.That(backends, Has.Count.EqualTo(2), "the sample configuration has two servers");
        var config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deploy", "haproxy.cfg"));
        foreach (var (from, to) in new[] { ("127.0.0.1:8080", port), ("127.0.0.1:8081", backends[0]), ("127.0.0.1:8082", backends[1]) })
        {
            Assert.That(config, Does.Contain(from), "samples/Deploy/haproxy.cfg changed: update the test");
            config = config.Replace(from, $"127.0.0.1:{to}", StringComparison.Ordinal);
        }

        return config;
    }

    public static async Task<HaproxyProcess> StartAsync(IReadOnlyList<int> backends, string directory)
    {
        var haproxy = ProcessRunner.FindOnPath("haproxy")
            ?? throw new AssertionException("haproxy is not installed: apt-get install -y haproxy (tests/run.sh does)");
        var port = ProcessRunner.FreeTcpPort();
        var path = Path.Combine(directory, $"haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(path, Config(port, backends) + "\n").ConfigureAwait(false);
        var process = new HaproxyProcess(haproxy, path) { Port = port };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                Assert.Fail($"haproxy exited with {process.ExitCode}:\n{process}\n--- config ---\n{File.ReadAllText(path)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        process.Dispose();
        Assert.Fail($"haproxy did not listen on {port}");
        return null!;
    }
}
