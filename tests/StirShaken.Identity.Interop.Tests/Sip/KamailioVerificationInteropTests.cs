using StirShaken.Identity.Certificates;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// Our PassportSigner → Kamailio secsipid_check_identity (x5u fetched by secsipid from a local HTTP
/// server). Kamailio answers 200 when the check passes, 438 with the secsipid code otherwise. Where the
/// peers disagree, the same INVITE is also verified by our library to record both verdicts.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KamailioVerificationInteropTests
{
    private SipTestPki _pki = null!;
    private SipTestPki _untrusted = null!;
    private LocalCertificateServer _http = null!;
    private KamailioProcess _strict = null!;
    private KamailioProcess _defaults = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = SipTestPki.Create("1234");
        _untrusted = SipTestPki.Create("5678"); // a different STI-CA root, not configured anywhere
        _http = new LocalCertificateServer();
        _http.Publish("sp.pem", _pki.Pki.ChainPem);
        _http.Publish("other.pem", _untrusted.Pki.ChainPem);

        // CertVerify=5 (time validity + chain to CertCAFile), as the brief's minimal config; and the module defaults.
        _strict = await KamailioProcess.StartAsync((port, modules) => CheckingConfig(port, modules, "CertVerify=5", $"CertCAFile={_pki.RootPath}"), _pki.Directory);
        _defaults = await KamailioProcess.StartAsync((port, modules) => CheckingConfig(port, modules), _pki.Directory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _defaults?.Dispose();
        _strict?.Dispose();
        _http?.Dispose();
        _untrusted?.Dispose();
        _pki?.Dispose();
    }

    /// <summary>200 when secsipid_check_identity("") passes (it downloads the info URL), else 438 carrying the secsipid return code.</summary>
    public static string CheckingConfig(int port, string modules, params string[] libopts) =>
        KamailioProcess.Header(port, modules, libopts) + """
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
                $var(rc) = secsipid_check_identity("");
                xlog("L_INFO", "secsipid_check_identity $ci rc=$var(rc)\n");
                if ($var(rc) > 0) {
                    sl_send_reply("200", "Identity OK");
                    exit;
                }
                sl_send_reply("438", "Invalid Identity Header secsipid $var(rc)");
            }
            """;

    [Test]
    public async Task Our_signed_invite_passes_kamailio_with_certificate_verification()
    {
        var invite = _pki.SignedInvite(NewCallId("ok"), _strict.Port, _http.Url("sp.pem"));

        var reply = await SendAsync(_strict, invite);

        Assert.That(reply, Does.StartWith("SIP/2.0 200 Identity OK"));
        Assert.That(_http.Requests, Is.GreaterThan(0), "secsipid fetched the x5u from our HTTP server");
    }

    [Test]
    public async Task Tampered_signature_fails_at_kamailio()
    {
        var invite = _pki.SignedInvite(NewCallId("sig"), _strict.Port, _http.Url("sp.pem"));
        var tampered = FlipSignatureCharacter(invite);

        var reply = await SendAsync(_strict, tampered);

        Assert.That(reply, Does.StartWith("SIP/2.0 438 Invalid Identity Header secsipid -2"), "secsipid -2xx: JSON header/payload/signature errors");
    }

    [Test]
    public async Task Certificate_from_an_untrusted_ca_fails_only_when_CertVerify_is_configured()
    {
        var invite = _untrusted.SignedInvite(NewCallId("ca"), _strict.Port, _http.Url("other.pem"));

        var strict = await SendAsync(_strict, invite);
        var defaults = await SendAsync(_defaults, invite);
        var ours = await OursAsync(invite, _http.Url("other.pem"), _untrusted);

        Assert.That(strict, Does.StartWith("SIP/2.0 438 Invalid Identity Header secsipid -1"), "secsipid -1xx certificate error; CertVerify=5 with CertCAFile: the chain does not reach the configured root");
        Assert.That(defaults, Does.StartWith("SIP/2.0 200 "), "peer difference: secsipid verifies no certificate by default (CertVerify=0)");
        Assert.That(ours.Failure?.StatusCode, Is.EqualTo(437), ours.ToString());
    }

    [Test]
    public async Task Future_iat_passes_kamailio_but_we_answer_403()
    {
        var invite = _pki.SignedInvite(NewCallId("future"), _strict.Port, _http.Url("sp.pem"), date: DateTimeOffset.UtcNow.AddHours(1));

        var kamailio = await SendAsync(_strict, invite);
        var ours = await OursAsync(invite, _http.Url("sp.pem"), _pki);

        Assert.That(kamailio, Does.StartWith("SIP/2.0 200 "), "peer difference: secsipid only checks now > iat + expire; a future iat passes");
        Assert.That(ours.Failure?.StatusCode, Is.EqualTo(403), ours.ToString());
    }

    [Test]
    public async Task Stale_iat_within_secsipid_expire_passes_kamailio_but_we_answer_403()
    {
        var invite = _pki.SignedInvite(NewCallId("stale"), _strict.Port, _http.Url("sp.pem"), date: DateTimeOffset.UtcNow.AddSeconds(-200));

        var kamailio = await SendAsync(_strict, invite);
        var ours = await OursAsync(invite, _http.Url("sp.pem"), _pki);

        Assert.That(kamailio, Does.StartWith("SIP/2.0 200 "), "secsipid's default expire is 300 s; RFC 8224 §4.1 recommends 60 s");
        Assert.That(ours.Failure?.StatusCode, Is.EqualTo(403), ours.ToString());
    }

    [Test]
    public async Task Changed_To_passes_kamailio_but_we_answer_438()
    {
        var invite = _pki.SignedInvite(NewCallId("dest"), _strict.Port, _http.Url("sp.pem"));
        var retargeted = invite.Replace($"To: <sip:+{SipTestPki.DestTn}@", "To: <sip:+12125550000@", StringComparison.Ordinal);
        Assert.That(retargeted, Is.Not.EqualTo(invite));

        var kamailio = await SendAsync(_strict, retargeted);
        var ours = await OursAsync(retargeted, _http.Url("sp.pem"), _pki);

        Assert.That(kamailio, Does.StartWith("SIP/2.0 200 "), "peer difference: secsipid_check_identity does not compare orig/dest with From/PAI/To");
        Assert.That(ours.Failure?.Reason, Is.EqualTo(FailureReason.DestMismatch), ours.ToString());
    }

    [Test]
    public async Task Compact_form_fails_at_kamailio_and_at_ours()
    {
        var invite = _pki.SignedInvite(NewCallId("compact"), _strict.Port, _http.Url("sp.pem"), compact: true);

        var kamailio = await SendAsync(_strict, invite);
        var ours = await OursAsync(invite, _http.Url("sp.pem"), _pki);

        Assert.That(kamailio, Does.StartWith("SIP/2.0 438 Invalid Identity Header secsipid -3"), "secsipid -3xx SIP header error: it needs the JOSE header in the Identity value");
        Assert.That(ours.Failure?.StatusCode, Is.EqualTo(438), ours.ToString());
    }

    [Test]
    public async Task Quoted_ppt_and_missing_alg_parameter_pass_at_kamailio_and_at_ours()
    {
        var invite = _pki.SignedInvite(NewCallId("quoted"), _strict.Port, _http.Url("sp.pem"));
        var relaxed = invite.Replace(";alg=ES256;ppt=shaken", ";ppt=\"shaken\"", StringComparison.Ordinal);
        Assert.That(relaxed, Is.Not.EqualTo(invite));

        var kamailio = await SendAsync(_strict, relaxed);
        var ours = await OursAsync(relaxed, _http.Url("sp.pem"), _pki);

        Assert.That(kamailio, Does.StartWith("SIP/2.0 200 "));
        Assert.That(ours.IsSuccess, Is.True, ours.ToString());
    }

    private static string NewCallId(string prefix) => $"kv-{prefix}-{Guid.NewGuid():N}";

    private static async Task<string> SendAsync(KamailioProcess kamailio, string invite)
    {
        var reply = await SipInteropTools.SendAndReceiveAsync(kamailio.Port, invite, TimeSpan.FromSeconds(15));
        Assert.That(reply, Is.Not.Null, $"no reply from Kamailio\n{kamailio}");
        await TestContext.Out.WriteLineAsync($"Kamailio (udp {kamailio.Port}): {reply![..reply.IndexOf('\r', StringComparison.Ordinal)]}");
        return reply;
    }

    /// <summary>Our verdict on the very same INVITE (http x5u allowed for this lab comparison, served from memory).</summary>
    private async Task<VerificationResult> OursAsync(string invite, string x5u, SipTestPki signerPki)
    {
        var certificates = new InMemoryCertificateSource().Add(x5u, signerPki.Pki.Chain);
        var port = new Uri(x5u).Port;
        var policy = new X5uUrlPolicy { AllowHttpForTesting = true, AllowedPorts = [port] };
        var verifier = new StirShakenVerifier(certificates, new CertificateValidator(_pki.Pki.TrustAnchors), null, new StirShakenVerifierDependencies { UrlPolicy = policy });
        var result = await verifier.VerifyAsync(invite);
        await TestContext.Out.WriteLineAsync($"StirShaken.Identity: {result}");
        return result;
    }

    private static string FlipSignatureCharacter(string invite)
    {
        var start = invite.IndexOf("Identity: ", StringComparison.Ordinal) + "Identity: ".Length;
        var end = invite.IndexOf(';', start);
        var index = end - 5; // inside the signature segment
        var replacement = invite[index] == 'A' ? 'B' : 'A';
        return string.Concat(invite.AsSpan(0, index), replacement.ToString(), invite.AsSpan(index + 1));
    }
}
