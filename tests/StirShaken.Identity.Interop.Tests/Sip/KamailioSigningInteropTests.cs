using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// sipsak → Kamailio (secsipid_add_identity signs with our test SP key) → forward() → our SipEndpoint,
/// which verifies and answers 200 or 438 back through Kamailio to sipsak.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KamailioSigningInteropTests
{
    private SipTestPki _pki = null!;
    private SipEndpointProcess _endpoint = null!;
    private KamailioProcess _kamailio = null!;
    private string _sipsak = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _sipsak = SipInteropTools.RequireExecutable("sipsak");
        _pki = SipTestPki.Create();
        _endpoint = await SipEndpointProcess.StartAsync(_pki.RootPath, new Dictionary<string, string> { [SipTestPki.X5u] = _pki.ChainPath });
        _kamailio = await KamailioProcess.StartAsync((port, modules) => SigningConfig(port, modules, _endpoint.Port, _pki.KeyPath), _pki.Directory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _kamailio?.Dispose();
        _endpoint?.Dispose();
        _pki?.Dispose();
    }

    /// <summary>
    /// Signs every INVITE: orig = From user, dest = To user, both with the '+' removed (RFC 8224 §8.3
    /// canonical form) unless the request carries X-Sign-Orig / X-Sign-Dest, which the tests use to
    /// make Kamailio sign something else. OPTIONS without a user part are answered locally (readiness).
    /// </summary>
    public static string SigningConfig(int port, string modules, int endpointPort, string keyPath) =>
        KamailioProcess.Header(port, modules) + $$"""
            request_route {
                if (is_method("OPTIONS") && $rU == $null) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (is_method("INVITE")) {
                    $var(orig) = $(fU{s.rm,+});
                    if (is_present_hf("X-Sign-Orig")) {
                        $var(orig) = $hdr(X-Sign-Orig);
                    }
                    $var(dest) = $(tU{s.rm,+});
                    if (is_present_hf("X-Sign-Dest")) {
                        $var(dest) = $hdr(X-Sign-Dest);
                    }
                    if (!secsipid_add_identity("$var(orig)", "$var(dest)", "A", "", "{{SipTestPki.X5u}}", "{{keyPath}}")) {
                        xlog("L_ERR", "secsipid_add_identity failed for $ci\n");
                        sl_send_reply("500", "Signing Failed");
                        exit;
                    }
                    xlog("L_INFO", "signed $ci orig=$var(orig) dest=$var(dest)\n");
                }
                forward("127.0.0.1", {{endpointPort}});
            }
            """;

    [Test]
    public async Task Kamailio_signed_invite_verifies_at_our_endpoint()
    {
        var (callId, result) = await SendThroughKamailioAsync("k-ok");

        Assert.That(result.ExitCode, Is.Zero, result + "\n" + _kamailio + "\n" + _endpoint);
        Assert.That(result.Output, Does.Contain("SIP/2.0 200 OK").And.Contain("X-Verstat: TN-Validation-Passed"));
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Contain("-> 200 OK TN-Validation-Passed attest=A orig=12155551212 dest=12125551213").And.Contain("spc=1234"));
    }

    [Test]
    public async Task Kamailio_signing_another_dest_than_To_gets_438_from_our_endpoint()
    {
        var (callId, result) = await SendThroughKamailioAsync("k-dest", "X-Sign-Dest: 19995550100");

        Assert.That(result.ExitCode, Is.EqualTo(1), result + "\n" + _kamailio);
        Assert.That(result.Output, Does.Contain("SIP/2.0 438 Invalid Identity Header").And.Contain("Reason: SIP ;cause=438 ;text=\"Invalid Identity Header\""));
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Contain("-> 438 Invalid Identity Header TN-Validation-Failed DestMismatch").And.Contain("19995550100"));
    }

    /// <summary>
    /// Peer difference: secsipid signs the TN string it is given. A config passing $fU as is (with the
    /// '+') produces orig.tn "+12155551212", which is not the RFC 8224 §8.3 canonical form. It is the same number:
    /// by default we compare it without the '+' and accept it (VerificationResult.HasNonCanonicalTn records it;
    /// VerifierOptions.StrictTelephoneNumbers refuses it with 438, covered by ConformanceProfileTests).
    /// </summary>
    [Test]
    public async Task Kamailio_signing_a_non_canonical_orig_with_plus_is_accepted_by_our_endpoint()
    {
        var (callId, result) = await SendThroughKamailioAsync("k-plus", "X-Sign-Orig: +12155551212");

        Assert.That(result.Output, Does.Contain("SIP/2.0 200 OK").And.Contain("X-Verstat: TN-Validation-Passed"), result + "\n" + _kamailio);
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Not.Contain("OrigMismatch"));
    }

    /// <summary>
    /// Peer difference: secsipid sets iat from its own clock and adds no Date header, so a request that
    /// already carries a stale Date is signed "fresh". We check Date too (RFC 8224 §6.2): 403.
    /// </summary>
    [Test]
    public async Task Kamailio_signs_a_request_with_a_stale_Date_and_our_endpoint_answers_403()
    {
        var stale = StirShaken.Identity.Sip.SipDate.Format(DateTimeOffset.UtcNow.AddMinutes(-5));
        var (callId, result) = await SendThroughKamailioAsync("k-date", "Date: " + stale);

        Assert.That(result.ExitCode, Is.EqualTo(1), result + "\n" + _kamailio);
        Assert.That(result.Output, Does.Contain("SIP/2.0 403 Stale Date"));
        var line = await _endpoint.WaitForRequestLineAsync("INVITE", callId);
        Assert.That(line, Does.Contain("-> 403 Stale Date"));
        Assert.That(_kamailio.Output, Does.Contain($"signed {callId} orig=12155551212 dest=12125551213"), "Kamailio signed it regardless of the Date");
    }

    private async Task<(string CallId, ProcessResult Result)> SendThroughKamailioAsync(string prefix, params string[] extraHeaders)
    {
        var callId = prefix + "-" + Guid.NewGuid().ToString("N");
        var file = _pki.WriteForSipsak(callId + ".sip", SipTestPki.Invite(callId, _kamailio.Port, extraHeaders: extraHeaders));
        var result = ProcessRunner.Run(_sipsak, ["-vv", "-f", file, "-s", $"sip:+{SipTestPki.DestTn}@127.0.0.1:{_kamailio.Port}"], timeout: TimeSpan.FromSeconds(30));
        return (callId, result);
    }
}
