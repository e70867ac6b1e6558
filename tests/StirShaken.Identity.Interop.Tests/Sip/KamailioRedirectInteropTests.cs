using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// RFC 8946 §7 with a real SIP peer: our signed INVITE → Kamailio (tm + tmx, stateful) → our SipEndpoint in
/// <c>--redirect-to</c> mode, which answers 301 with Contact and a signed div PASSporT; Kamailio's failure_route copies
/// the 3xx's Identity into the request (<c>$T_rpl($hdr(Identity))</c>, tmx), follows the first Contact
/// (<c>$ru = $(T_rpl($ct){nameaddr.uri})</c>; uac_redirect would need the acc module) and relays to a second SipEndpoint that verifies against the Request-URI: 200 with the
/// diversion shown. Without the div copied (header <c>X-No-Div</c>), the same call is 438 DestMismatch.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KamailioRedirectInteropTests
{
    private const string DivX5u = "https://div.example.org/div.pem";
    private const string NewTarget = "12125550199";

    private SipTestPki _pki = null!;
    private SipEndpointProcess _callee = null!;
    private SipEndpointProcess _redirector = null!;
    private KamailioProcess _kamailio = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = SipTestPki.Create("1234");
        var certificates = new Dictionary<string, string> { [SipTestPki.X5u] = _pki.ChainPath, [DivX5u] = _pki.ChainPath };
        _callee = await SipEndpointProcess.StartAsync(_pki.RootPath, certificates, "--dest-source", "request-uri");
        _redirector = await SipEndpointProcess.StartAsync(_pki.RootPath, certificates,
            "--redirect-to", $"+{NewTarget}@127.0.0.1:{_callee.Port}", "--key", _pki.KeyPath, "--x5u", DivX5u);
        _kamailio = await KamailioProcess.StartAsync((port, modules) => RedirectingConfig(port, modules, _redirector.Port), _pki.Directory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _kamailio?.Dispose();
        _redirector?.Dispose();
        _callee?.Dispose();
        _pki?.Dispose();
    }

    /// <summary>A stateful proxy: INVITEs go to the redirector; a 3xx is followed, copying its Identity unless X-No-Div is present.</summary>
    public static string RedirectingConfig(int port, string modules, int redirectorPort) =>
        KamailioProcess.Header(port, modules) + $$"""
            loadmodule "tm.so"
            loadmodule "tmx.so"
            request_route {
                if (is_method("OPTIONS")) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (is_method("ACK")) {
                    t_relay();
                    exit;
                }
                if (is_method("INVITE")) {
                    t_on_failure("REDIRECT");
                    $du = "sip:127.0.0.1:{{redirectorPort}}";
                    t_relay();
                    exit;
                }
                sl_send_reply("501", "Not Implemented");
            }
            failure_route[REDIRECT] {
                if (!t_check_status("3[0-9][0-9]")) {
                    exit;
                }
                # RFC 8946 §7: the UAC-side proxy may copy the 3xx's Identity into the new request.
                if (!is_present_hf("X-No-Div") && $T_rpl($hdr(Identity)) != $null) {
                    xlog("L_INFO", "redirect $ci: copying the 3xx Identity\n");
                    append_hf("Identity: $T_rpl($hdr(Identity))\r\n");
                }
                # Follow the first Contact (what uac_redirect's get_redirects("1") does; that module needs acc loaded).
                $ru = $(T_rpl($ct){nameaddr.uri});
                $du = $null;
                t_relay();
            }
            """;

    [Test]
    public async Task Redirected_call_with_the_3xx_div_verifies_as_redirected()
    {
        var callId = $"kr-div-{Guid.NewGuid():N}";
        var invite = _pki.SignedInvite(callId, _kamailio.Port);

        var reply = await SendInviteAsync(invite);

        Assert.That(reply, Does.StartWith("SIP/2.0 200 OK"), $"{reply}\n{_kamailio}");
        Assert.That(reply, Does.Contain("X-Verstat: TN-Validation-Passed"));
        Assert.That(reply, Does.Contain($"X-Diversion: from {SipTestPki.DestTn} to {NewTarget} spc 1234"));
        var redirectLine = await _redirector.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(redirectLine, Does.Contain("301 Moved Permanently").And.Contain("with 1 div PASSporT(s)"));
        var calleeLine = await _callee.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(calleeLine, Does.Contain("200 OK TN-Validation-Passed").And.Contain($"diverted from {SipTestPki.DestTn} to {NewTarget}"));
    }

    [Test]
    public async Task Redirected_call_without_the_div_is_438_against_the_Request_URI()
    {
        var callId = $"kr-nodiv-{Guid.NewGuid():N}";
        var invite = _pki.SignedInvite(callId, _kamailio.Port).Replace("Content-Length: 0\r\n", "X-No-Div: 1\r\nContent-Length: 0\r\n", StringComparison.Ordinal);

        var reply = await SendInviteAsync(invite);

        Assert.That(reply, Does.StartWith("SIP/2.0 438 Invalid Identity Header"), $"{reply}\n{_kamailio}");
        Assert.That(reply, Does.Contain("Reason: SIP ;cause=438"));
        var calleeLine = await _callee.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(calleeLine, Does.Contain("438").And.Contain("DestMismatch"));
    }

    /// <summary>Sends the INVITE to Kamailio and returns the first final response (1xx are skipped).</summary>
    private async Task<string> SendInviteAsync(string invite)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(Encoding.UTF8.GetBytes(invite), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, _kamailio.Port));
        var buffer = new byte[65_535];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no final response from Kamailio within 20 s\n{_kamailio}");
                throw;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
            if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
            {
                await TestContext.Out.WriteLineAsync(text);
                return text;
            }
        }
    }
}
