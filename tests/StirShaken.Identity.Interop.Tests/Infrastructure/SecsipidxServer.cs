using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>
/// <c>secsipidx -H 127.0.0.1:PORT</c>: its HTTP verification service. <c>POST /v1/check</c> with the
/// Identity value answers <c>OK</c> or <c>FAILED</c>; the reason goes to its log (captured here).
/// Stopped by its id (SIGTERM, then kill) like every process the tests start.
/// </summary>
internal sealed class SecsipidxServer : BackgroundProcess
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Uri _checkUri;

    private SecsipidxServer(int port, string[] options)
        : base(Secsipidx.Path, ["-H", $"127.0.0.1:{port}", .. options])
    {
        _checkUri = new Uri($"http://127.0.0.1:{port}/v1/check");
    }

    /// <summary>Its stdout and stderr so far.</summary>
    public string Log => Output;

    /// <summary>Starts the service on a free port and waits until it listens; stops it when that fails.</summary>
    public static SecsipidxServer Start(params string[] options)
    {
        var port = ProcessRunner.FreeTcpPort();
        var server = new SecsipidxServer(port, options);
        try
        {
            server.WaitUntilListening(port);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>True when secsipidx answers OK.</summary>
    public async Task<bool> CheckAsync(string identity)
    {
        using var content = new StringContent(identity, Encoding.ASCII, "text/plain");
        using var response = await Client.PostAsync(_checkUri, content).ConfigureAwait(false);
        var body = (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim();
        Assert.That(body, Is.EqualTo("OK").Or.EqualTo("FAILED"), $"unexpected secsipidx answer; log:\n{Log}");
        return body == "OK";
    }

    private void WaitUntilListening(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (HasExited)
            {
                Assert.Fail($"secsipidx -H exited with {ExitCode}:\n{this}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail($"secsipidx -H did not listen on {port}:\n{this}");
    }
}
