using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Interop.Tests.Sip;
using StirShaken.Identity.Server.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// An SBC-style client of the service: sipsak → Kamailio, whose routing script sends the INVITE's Identity, From, To and
/// arrival time to <c>POST /stir/v1/verification</c> with the <c>http_client</c> module, reads the 3GPP answer with
/// <c>jansson</c>, and answers 200 on TN-Validation-Passed, else the returned SIP <c>reasonCode</c>/<c>reasonText</c>
/// with a Reason header (RFC 3326), as Oracle's SBC does with ATIS-1000082 answers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KamailioHttpClientInteropTests
{
    private SipTestPki _pki = null!;
    private SipTestPki _untrusted = null!;
    private ServiceProcess _service = null!;
    private KamailioProcess _kamailio = null!;
    private string _sipsak = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _sipsak = SipInteropTools.RequireExecutable("sipsak");
        _pki = SipTestPki.Create("1234");
        _untrusted = SipTestPki.Create("5678");
        var otherX5u = "https://cert.example.org/other.pem";
        _service = await ServiceProcess.StartAsync(["--trust-anchor", _pki.RootPath, "--cert", $"{SipTestPki.X5u}={_pki.ChainPath}", "--cert", $"{otherX5u}={_untrusted.ChainPath}"]);
        _kamailio = await KamailioProcess.StartAsync((port, modules) => Config(port, modules, _service.Port), _pki.Directory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _kamailio?.Dispose();
        _service?.Dispose();
        _untrusted?.Dispose();
        _pki?.Dispose();
    }

    /// <summary>The routing script of an SBC delegating verification to the service (samples/Deploy has the same block).</summary>
    public static string Config(int port, string modules, int servicePort) =>
        KamailioProcess.Header(port, modules) + $$$"""
            loadmodule "http_client.so"
            loadmodule "jansson.so"
            modparam("http_client", "httpcon", "stirvs=>http://127.0.0.1:{{{servicePort}}}/stir/v1")
            modparam("http_client", "connection_timeout", 4)

            request_route {
                if (is_method("OPTIONS")) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (is_method("ACK")) {
                    exit;
                }
                if (!is_present_hf("Identity")) {
                    sl_send_reply("428", "Use Identity Header");
                    exit;
                }
                $var(body) = "{\"verificationRequest\":{\"identityHeader\":\"" + $(hdr(Identity){s.escape.common}) + "\",\"from\":{\"tn\":\"" + $(fU{s.escape.common}) + "\"},\"to\":{\"tn\":\"" + $(tU{s.escape.common}) + "\"},\"time\":" + $TS + ",\"requestId\":\"" + $(ci{s.escape.common}) + "\"}}";
                $var(status) = http_connect("stirvs", "/verification", "application/json", "$var(body)", "$var(answer)");
                xlog("L_INFO", "stir-vs $ci http=$var(status) answer=$var(answer)\n");
                if ($var(status) != 200) {
                    sl_send_reply("500", "STI-VS Unavailable");
                    exit;
                }
                jansson_get("verificationResponse.verstatValue", "$var(answer)", "$var(verstat)");
                if ($var(verstat) == "TN-Validation-Passed") {
                    sl_send_reply("200", "Verified $var(verstat)");
                    exit;
                }
                jansson_get("verificationResponse.verifyResults[0].verifyResult.reasonCode", "$var(answer)", "$var(code)");
                jansson_get("verificationResponse.verifyResults[0].verifyResult.reasonText", "$var(answer)", "$var(text)");
                append_to_reply("Reason: SIP ;cause=$var(code) ;text=\"$var(text)\"\r\n");
                sl_send_reply("$var(code)", "$var(text)");
            }
            """;

    [Test]
    public void A_signed_invite_is_verified_by_the_service_and_kamailio_answers_200()
    {
        var result = Send("ok", _pki.SignedInvite(NewCallId("ok"), _kamailio.Port));

        Assert.That(result.Output, Does.Contain("SIP/2.0 200 Verified TN-Validation-Passed"), result + "\n" + _kamailio);
    }

    [Test]
    public void A_tampered_signature_is_answered_438_with_the_reason_from_the_service()
    {
        var invite = _pki.SignedInvite(NewCallId("sig"), _kamailio.Port);
        var start = invite.IndexOf(";info=", StringComparison.Ordinal) - 5;
        var tampered = string.Concat(invite.AsSpan(0, start), invite[start] == 'A' ? "B" : "A", invite.AsSpan(start + 1));

        var result = Send("sig", tampered);

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("SIP/2.0 438 Invalid Identity Header"), result + "\n" + _kamailio);
            Assert.That(result.Output, Does.Contain("Reason: SIP ;cause=438 ;text=\"Invalid Identity Header\""));
        });
    }

    [Test]
    public void A_certificate_from_an_untrusted_ca_is_answered_437()
    {
        var result = Send("ca", _untrusted.SignedInvite(NewCallId("ca"), _kamailio.Port, "https://cert.example.org/other.pem"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("SIP/2.0 437 Unsupported Credential"), result + "\n" + _kamailio);
            Assert.That(result.Output, Does.Contain("Reason: SIP ;cause=437"));
        });
    }

    private static string NewCallId(string prefix) => $"kh-{prefix}-{Guid.NewGuid():N}";

    private ProcessResult Send(string name, string invite)
    {
        var file = _pki.WriteForSipsak($"{name}-{Guid.NewGuid():N}.sip", invite);
        return ProcessRunner.Run(_sipsak, ["-vv", "-f", file, "-s", $"sip:+{SipTestPki.DestTn}@127.0.0.1:{_kamailio.Port}"], timeout: TimeSpan.FromSeconds(30));
    }
}
