using System.Diagnostics;
using System.Net.Sockets;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests.Infrastructure;

/// <summary>
/// A real HAProxy (Debian package haproxy, see tests/run.sh) in the foreground (<c>-db</c>) on 127.0.0.1 with a generated
/// configuration: the one of samples/Deploy/haproxy.cfg with the test's ports. Stopped by its id.
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
    /// The load-balancing part of samples/Deploy/haproxy.cfg: round robin, health checks on <c>/ready</c>, and L7 retries
    /// with redispatch (verification is idempotent, so a POST lost with a dying instance is safely sent to another).
    /// </summary>
    public static string Config(int port, IEnumerable<int> backends) => $$"""
        global
            maxconn 2000

        defaults
            mode http
            timeout connect 1s
            timeout client 30s
            timeout server 15s
            timeout queue 10s
            retries 3
            option redispatch 1
            retry-on all-retryable-errors
            option http-buffer-request

        frontend stir
            bind 127.0.0.1:{{port}}
            default_backend stir_vs

        backend stir_vs
            balance roundrobin
            option httpchk GET /ready
            http-check expect status 200
            default-server inter 300ms fall 2 rise 2 on-marked-down shutdown-sessions
        {{string.Join('\n', backends.Select((p, i) => $"    server vs{i + 1} 127.0.0.1:{p} check"))}}
        """;

    public static async Task<HaproxyProcess> StartAsync(IEnumerable<int> backends, string directory)
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
