using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>
/// <c>secsipidx -H 127.0.0.1:PORT</c>: its HTTP verification service. <c>POST /v1/check</c> with the
/// Identity value answers <c>OK</c> or <c>FAILED</c>; the reason goes to its log (captured here).
/// </summary>
internal sealed class SecsipidxServer : IDisposable
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Uri _checkUri;

    public SecsipidxServer(params string[] options)
    {
        var port = Secsipidx.FreePort();
        var info = new ProcessStartInfo(Secsipidx.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-H", $"127.0.0.1:{port}", .. options])
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("secsipidx did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _checkUri = new Uri($"http://127.0.0.1:{port}/v1/check");
        WaitUntilListening(port);
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private void WaitUntilListening(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"secsipidx -H exited with {_process.ExitCode}:\n{Log}");
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

        Assert.Fail($"secsipidx -H did not listen on {port}:\n{Log}");
    }
}
