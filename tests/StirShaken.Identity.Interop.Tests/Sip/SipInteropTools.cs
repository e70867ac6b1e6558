using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// Finds the SIP peers (kamailio, its secsipid module, sipsak) and exchanges SIP datagrams with them.
/// A missing peer fails the test loudly with the apt-get line to fix it.
/// </summary>
internal static class SipInteropTools
{
    public const string AptHint = "install it with: sudo apt-get install -y kamailio kamailio-secsipid-modules sipsak (or run tests/run.sh as root)";

    public static string RequireExecutable(string name)
    {
        var path = ProcessRunner.FindOnPath(name);
        if (path is null)
        {
            Assert.Fail($"'{name}' is not installed (not found in PATH, /usr/sbin or /usr/bin); {AptHint}");
        }

        return path!;
    }

    /// <summary>The Kamailio modules folder holding sl.so and secsipid.so (Debian multiarch or not).</summary>
    public static string RequireKamailioModules()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib"))
        {
            candidates.AddRange(Directory.EnumerateDirectories("/usr/lib").Select(d => Path.Combine(d, "kamailio", "modules")));
        }

        candidates.AddRange(["/usr/lib/kamailio/modules", "/usr/lib64/kamailio/modules", "/usr/local/lib64/kamailio/modules", "/usr/local/lib/kamailio/modules"]);
        foreach (var directory in candidates)
        {
            if (File.Exists(Path.Combine(directory, "sl.so")) && File.Exists(Path.Combine(directory, "secsipid.so")) && File.Exists(Path.Combine(directory, "secsipid_proc.so")))
            {
                return directory;
            }
        }

        Assert.Fail($"the Kamailio secsipid module (secsipid.so, secsipid_proc.so) was not found in any of: {string.Join(", ", candidates.Distinct())}; {AptHint}");
        return string.Empty;
    }

    /// <summary>Sends one datagram from a fresh socket and returns the first reply, or null after <paramref name="timeout"/>.</summary>
    public static async Task<string?> SendAndReceiveAsync(int port, string message, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        await socket.SendToAsync(Encoding.UTF8.GetBytes(message), SocketFlags.None, target).ConfigureAwait(false);
        var buffer = new byte[65_535];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token).ConfigureAwait(false);
            return Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null; // ICMP port unreachable: nobody listening yet
        }
    }

    /// <summary>Sends datagrams without waiting for anything.</summary>
    public static async Task SendAsync(int port, params byte[][] datagrams)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        foreach (var datagram in datagrams)
        {
            await socket.SendToAsync(datagram, SocketFlags.None, target).ConfigureAwait(false);
        }
    }

    /// <summary>An OPTIONS request a local SIP server answers itself (no user part in the Request-URI).</summary>
    public static string Options(int port, string callId) =>
        $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{callId};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:probe@127.0.0.1>;tag=probe\r\n" +
        $"To: <sip:127.0.0.1:{port}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Polls with OPTIONS until the server answers, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAnswersAsync(int port, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = Stopwatch.StartNew();
        var attempt = 0;
        while (deadline.Elapsed < timeout)
        {
            var reply = await SendAndReceiveAsync(port, Options(port, $"ready-{attempt++}-{Guid.NewGuid():N}"), TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            if (reply is not null && reply.StartsWith("SIP/2.0 200", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        Assert.Fail($"nothing answered OPTIONS on udp 127.0.0.1:{port} within {timeout.TotalSeconds} s.\n{diagnostics()}");
    }
}
