using System.Net;
using System.Net.Sockets;
using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// RFC 4474 both ways with Kamailio's auth_identity module (Debian kamailio-tls-modules):
/// Kamailio signs (auth_date_proc, auth_add_identity) and forwards to the test, which verifies with our library
/// (Identity-Info fetched over HTTPS from the test's TLS server on 127.0.0.1) and our CLI; our LegacyIdentitySigner
/// signs and Kamailio verifies (vrfy_check_date, vrfy_get_certificate over http/https, vrfy_check_certificate,
/// vrfy_check_msgvalidity). README "Legacy RFC 4474 (Identity-Info)" records the differences.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KamailioAuthIdentityInteropTests
{
    private const string CliCertificateUrl = "https://sip.example.com/legacy.der";

    private LegacyTestPki _pki = null!;
    private string _directory = null!;
    private LocalTlsCertificateServer _tls = null!;
    private LocalCertificateServer _http = null!;
    private KamailioProcess _signerTls = null!;
    private KamailioProcess _signerCli = null!;
    private KamailioProcess _verifier = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = LegacyTestPki.Create("example.com");
        _directory = Directory.CreateTempSubdirectory("auth-identity-").FullName;
        _tls = new LocalTlsCertificateServer();
        _tls.Publish("legacy.der", _pki.LeafDer);
        _tls.Publish("legacy.pem", Encoding.ASCII.GetBytes(_pki.LeafPem));
        _http = new LocalCertificateServer();
        _http.Publish("legacy.pem", _pki.LeafPem);
        _http.Publish("legacy-domain.pem", _pki.LeafPem);
        _http.Publish("legacy-cached.pem", _pki.LeafPem);
        await File.WriteAllTextAsync(Path("key.pem"), _pki.LeafKeyPem);
        await File.WriteAllTextAsync(Path("cert.pem"), _pki.LeafPem);
        await File.WriteAllBytesAsync(Path("cert.der"), _pki.LeafDer);
        await File.WriteAllTextAsync(Path("legacy-ca.pem"), _pki.RootPem);
        // cainfo_path is both the X509 store for the domain certificate and curl's CAINFO for https Identity-Info URLs.
        await File.WriteAllTextAsync(Path("cainfo.pem"), _pki.RootPem + "\n" + _tls.TlsRootPem + "\n");

        _signerTls = await KamailioProcess.StartAsync((port, modules) => SigningConfig(port, modules, _tls.Url("legacy.der")), _directory);
        _signerCli = await KamailioProcess.StartAsync((port, modules) => SigningConfig(port, modules, CliCertificateUrl), _directory);
        _verifier = await KamailioProcess.StartAsync(VerifyingConfig, _directory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _verifier?.Dispose();
        _signerCli?.Dispose();
        _signerTls?.Dispose();
        _http?.Dispose();
        _tls?.Dispose();
        _pki?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Path(string name) => System.IO.Path.Combine(_directory, name);

    private string Header(int port, string modules) =>
        KamailioProcess.Header(port, RequireAuthIdentity(modules)) + "loadmodule \"auth_identity.so\"\n";

    /// <summary>Signs every INVITE (adding Date when missing) and forwards it to its Request-URI (the test's socket).</summary>
    private string SigningConfig(int port, string modules, string certificateUrl) =>
        Header(port, modules) + $$"""
            modparam("auth_identity", "privatekey_path", "{{Path("key.pem")}}")
            modparam("auth_identity", "certificate_path", "{{Path("cert.pem")}}")
            modparam("auth_identity", "certificate_url", "{{certificateUrl}}")
            request_route {
                if (is_method("OPTIONS") && $rU == $null) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (is_method("INVITE")) {
                    if (!auth_date_proc()) {
                        sl_send_reply("403", "Invalid Date value");
                        exit;
                    }
                    if (!auth_add_identity()) {
                        sl_send_reply("480", "Authentication error");
                        exit;
                    }
                    xlog("L_INFO", "auth_identity signed $ci\n");
                }
                forward();
            }
            """;

    /// <summary>The module README's verifier route: each vrfy_* step answers its RFC 4474 code.</summary>
    private string VerifyingConfig(int port, string modules) =>
        Header(port, modules) + $$"""
            modparam("auth_identity", "cainfo_path", "{{Path("cainfo.pem")}}")
            modparam("auth_identity", "accept_pem_certs", 1)
            modparam("auth_identity", "auth_validity_time", 300)
            request_route {
                if (is_method("OPTIONS") && $rU == $null) {
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
                if (!is_present_hf("Identity-Info")) {
                    sl_send_reply("436", "Bad Identity-Info");
                    exit;
                }
                if (!vrfy_check_date()) {
                    sl_send_reply("403", "Outdated Date header value");
                    exit;
                }
                if (!vrfy_get_certificate()) {
                    sl_send_reply("436", "Bad Identity-Info");
                    exit;
                }
                if (!vrfy_check_certificate()) {
                    sl_send_reply("437", "Unsupported Certificate");
                    exit;
                }
                if (!vrfy_check_msgvalidity()) {
                    sl_send_reply("438", "Invalid Identity Header");
                    exit;
                }
                sl_send_reply("200", "Identity OK");
            }
            """;

    // ---- Kamailio signs, we verify ----

    [Test]
    public async Task Kamailio_signed_invite_verifies_with_our_library_fetching_Identity_Info_over_https()
    {
        var signed = await SignThroughKamailioAsync(_signerTls, "kai-ok");
        Assert.That(signed, Does.Contain("Identity-Info: <" + _tls.Url("legacy.der") + ">;alg=rsa-sha1"), signed);

        var result = await VerifyWithLibraryAsync(signed);

        Assert.That(result.IsSuccess, Is.True, result + "\n" + signed);
        Assert.That(result.Verstat, Is.EqualTo(Verstat.NoValidation));
        Assert.That(result.LegacyIdentity!.FromAddrSpec, Is.EqualTo("sip:alice@example.com"));
        Assert.That(result.LegacyIdentity.Domain, Is.EqualTo("example.com"));
        Assert.That(result.SignerCertificate!.Thumbprint, Is.EqualTo(_pki.Leaf.Thumbprint));
        Assert.That(_tls.Requests, Is.GreaterThan(0), "the Identity-Info URL was fetched over TLS");
    }

    [TestCase("Contact: <sip:alice@192.0.2.1:5060>", "Contact: <sip:alice@192.0.2.66:5060>", TestName = "Kamailio_signed_then_Contact_changed_is_our_438")]
    [TestCase("m=audio 49172", "m=audio 49999", TestName = "Kamailio_signed_then_body_changed_is_our_438")]
    [TestCase("CSeq: 1 INVITE", "CSeq: 2 INVITE", TestName = "Kamailio_signed_then_CSeq_changed_is_our_438")]
    [TestCase("To: <sip:bob@biloxi.example.org>", "To: <sip:carol@biloxi.example.org>", TestName = "Kamailio_signed_then_To_changed_is_our_438")]
    public async Task Kamailio_signed_then_changed_is_our_438(string signedText, string changedText)
    {
        var signed = await SignThroughKamailioAsync(_signerTls, "kai-tamper");
        Assert.That(signed, Does.Contain(signedText));

        var result = await VerifyWithLibraryAsync(signed.Replace(signedText, changedText, StringComparison.Ordinal));

        Assert.That(result.Failure?.Reason, Is.EqualTo(FailureReason.LegacyInvalidSignature), result.ToString());
        Assert.That(result.Failure!.StatusCode, Is.EqualTo(438));
    }

    [Test]
    public async Task Kamailio_signed_invite_verifies_with_our_cli_and_a_changed_one_is_438()
    {
        var signed = await SignThroughKamailioAsync(_signerCli, "kai-cli");
        var ok = RunCliVerify(signed);
        var tampered = RunCliVerify(signed.Replace("m=audio 49172", "m=audio 49999", StringComparison.Ordinal));

        Assert.That(ok.ExitCode, Is.Zero, ok.ToString());
        var json = CliJson.Parse(ok);
        Assert.That(json.String("verstat"), Is.EqualTo("No-TN-Validation"));
        Assert.That(json.GetProperty("legacy").String("from"), Is.EqualTo("sip:alice@example.com"));
        Assert.That(json.GetProperty("legacy").String("alg"), Is.EqualTo("rsa-sha1"));
        Assert.That(tampered.ExitCode, Is.EqualTo(1), tampered.ToString());
        Assert.That(CliJson.Parse(tampered).String("reason"), Is.EqualTo("LegacyInvalidSignature"));
    }

    // ---- We sign, Kamailio verifies ----

    [TestCase("http", TestName = "Our_signed_invite_passes_kamailio_auth_identity_fetching_PEM_over_http")]
    [TestCase("https", TestName = "Our_signed_invite_passes_kamailio_auth_identity_fetching_DER_over_https")]
    public async Task Our_signed_invite_passes_kamailio_auth_identity(string scheme)
    {
        var url = scheme == "http" ? _http.Url("legacy.pem") : _tls.Url("legacy.der");
        var invite = Sign(Invite(_verifier.Port, "ours-" + scheme), url);

        var reply = await SendAsync(_verifier, invite);

        Assert.That(reply, Does.StartWith("SIP/2.0 200 Identity OK"), reply + "\n" + _verifier);
    }

    [Test]
    public async Task Our_signed_invite_changed_after_signing_fails_at_kamailio_with_438()
    {
        var invite = Sign(Invite(_verifier.Port, "ours-tamper"), _http.Url("legacy.pem"));

        var reply = await SendAsync(_verifier, invite.Replace("m=audio 49172", "m=audio 49999", StringComparison.Ordinal));

        Assert.That(reply, Does.StartWith("SIP/2.0 438 Invalid Identity Header"), reply);
    }

    [Test]
    public async Task From_domain_not_in_the_certificate_fails_at_kamailio_and_ours_with_437()
    {
        // A URL no other test uses: auth_identity checks the domain only when it downloads the certificate (see below).
        var invite = Sign(Invite(_verifier.Port, "ours-domain", from: "sip:alice@example.net"), _http.Url("legacy-domain.pem"));

        var reply = await SendAsync(_verifier, invite);
        var ours = await VerifyWithLibraryAsync(invite, _http.Url("legacy-domain.pem"));

        Assert.That(reply, Does.StartWith("SIP/2.0 437 Unsupported Certificate"), reply);
        Assert.That(ours.Failure?.Reason, Is.EqualTo(FailureReason.LegacyDomainMismatch), ours.ToString());
    }

    /// <summary>
    /// Peer difference: vrfy_check_certificate checks chain and domain only for a freshly downloaded certificate; once the
    /// URL's certificate is in its (shared-memory) table, a request from another From domain that names the same URL passes.
    /// We check the From domain against the certificate on every request (RFC 4474 §6 step 2).
    /// </summary>
    [Test]
    public async Task Cached_certificate_skips_kamailios_domain_check_but_not_ours()
    {
        var url = _http.Url("legacy-cached.pem");
        var first = await SendAsync(_verifier, Sign(Invite(_verifier.Port, "ours-cache-1"), url));
        var otherDomain = Sign(Invite(_verifier.Port, "ours-cache-2", from: "sip:alice@example.net"), url);

        var second = await SendAsync(_verifier, otherDomain);
        var ours = await VerifyWithLibraryAsync(otherDomain, url);

        Assert.That(first, Does.StartWith("SIP/2.0 200 Identity OK"), first);
        Assert.That(second, Does.StartWith("SIP/2.0 200 Identity OK"), "auth_identity served the certificate from its table without the domain check");
        Assert.That(ours.Failure?.Reason, Is.EqualTo(FailureReason.LegacyDomainMismatch), ours.ToString());
    }

    /// <summary>Peer difference: auth_identity verifies rsa-sha1 only (vrfy_get_certificate refuses any other alg); we also accept rsa-sha256.</summary>
    [Test]
    public async Task Rsa_sha256_is_refused_by_kamailio_with_436_but_verifies_with_ours()
    {
        using var signer = new LegacyIdentitySigner(_pki.LeafKey, _http.Url("legacy.pem"), useWeakSha1: false);
        var invite = signer.Sign(SipMessage.Parse(Invite(_verifier.Port, "ours-sha256"))).ToString();

        var reply = await SendAsync(_verifier, invite);
        var ours = await VerifyWithLibraryAsync(invite, _http.Url("legacy.pem"));

        Assert.That(reply, Does.StartWith("SIP/2.0 436 Bad Identity-Info"), reply);
        Assert.That(ours.IsSuccess, Is.True, ours.ToString());
    }

    /// <summary>Peer difference: auth_identity only rejects a Date older than auth_validity_time (here 300 s); a future Date passes. We answer 403.</summary>
    [Test]
    public async Task Future_Date_passes_kamailio_but_we_answer_403()
    {
        var future = SipDate.Format(DateTimeOffset.UtcNow.AddMinutes(10));
        var invite = Sign(Invite(_verifier.Port, "ours-future", date: future), _http.Url("legacy.pem"));

        var reply = await SendAsync(_verifier, invite);
        var ours = await VerifyWithLibraryAsync(invite, _http.Url("legacy.pem"));

        Assert.That(reply, Does.StartWith("SIP/2.0 200 Identity OK"), reply);
        Assert.That(ours.Failure?.Reason, Is.EqualTo(FailureReason.FutureDate), ours.ToString());
    }

    // ---- helpers ----

    /// <summary>An INVITE from sip:alice@example.com with an SDP body; the Request-URI targets 127.0.0.1:<paramref name="targetPort"/>.</summary>
    private static string Invite(int targetPort, string callIdPrefix, string from = "sip:alice@example.com", string? date = null)
    {
        const string sdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        var callId = callIdPrefix + "-" + Guid.NewGuid().ToString("N");
        return $"INVITE sip:bob@127.0.0.1:{targetPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK{callId};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: \"Alice\" <{from}>;tag=1928301774\r\n" +
            "To: <sip:bob@biloxi.example.org>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 INVITE\r\n" +
            (date is null ? string.Empty : $"Date: {date}\r\n") +
            "Contact: <sip:alice@192.0.2.1:5060>\r\n" +
            "Content-Type: application/sdp\r\n" +
            $"Content-Length: {sdp.Length}\r\n\r\n" + sdp;
    }

    private string Sign(string invite, string url)
    {
        using var signer = new LegacyIdentitySigner(_pki.LeafKey, url);
        return signer.Sign(SipMessage.Parse(invite)).ToString();
    }

    /// <summary>Sends an unsigned INVITE whose Request-URI is the test's own socket; returns what Kamailio forwards back.</summary>
    private static async Task<string> SignThroughKamailioAsync(KamailioProcess kamailio, string prefix)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        await socket.SendToAsync(Encoding.UTF8.GetBytes(Invite(port, prefix)), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, kamailio.Port));
        var buffer = new byte[65_535];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
            Assert.That(text, Does.StartWith("INVITE "), $"Kamailio did not forward a signed INVITE:\n{text}\n{kamailio}");
            return text;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"nothing came back from Kamailio\n{kamailio}");
            throw;
        }
    }

    /// <summary>Our verifier with the legacy anchors; the hardened fetcher may reach the test servers on 127.0.0.1 (lab policy).</summary>
    private async Task<VerificationResult> VerifyWithLibraryAsync(string message, string? localUrl = null)
    {
        var policy = new X5uUrlPolicy { AllowHttpForTesting = true, AllowedPorts = [_tls.Port, new Uri(_http.BaseUrl).Port] };
        using var fetcher = new HttpsCertificateSource(new CertificateFetcherOptions
        {
            UrlPolicy = policy,
            AllowedPrivateNetworks = ["127.0.0.1/32"],
            TlsRootsForTesting = [_tls.TlsRoot],
        });
        var verifier = new StirShakenVerifier(fetcher, new CertificateValidator(_pki.TrustAnchors), new VerifierOptions { RequireIdentity = true },
            new StirShakenVerifierDependencies { UrlPolicy = policy, LegacyTrustAnchors = _pki.TrustAnchors });
        var result = await verifier.VerifyAsync(message);
        await TestContext.Out.WriteLineAsync($"StirShaken.Identity{(localUrl is null ? string.Empty : " (" + localUrl + ")")}: {result}");
        return result;
    }

    private ProcessResult RunCliVerify(string message)
    {
        var file = Path($"msg-{Guid.NewGuid():N}.sip");
        File.WriteAllText(file, message);
        return CliRunner.Run("verify", "--message", file, "--trust-anchor", Path("legacy-ca.pem"), "--legacy-trust-anchor", Path("legacy-ca.pem"),
            "--cert", $"{CliCertificateUrl}={Path("cert.der")}", "--json");
    }

    private static async Task<string> SendAsync(KamailioProcess kamailio, string invite)
    {
        var reply = await SipInteropTools.SendAndReceiveAsync(kamailio.Port, invite, TimeSpan.FromSeconds(15));
        Assert.That(reply, Is.Not.Null, $"no reply from Kamailio\n{kamailio}");
        await TestContext.Out.WriteLineAsync($"Kamailio auth_identity (udp {kamailio.Port}): {reply![..reply.IndexOf('\r', StringComparison.Ordinal)]}");
        return reply;
    }

    private static string RequireAuthIdentity(string modules)
    {
        if (!File.Exists(System.IO.Path.Combine(modules, "auth_identity.so")))
        {
            Assert.Fail($"the Kamailio auth_identity module is missing in {modules}; install it with: sudo apt-get install -y kamailio-tls-modules (or run tests/run.sh as root)");
        }

        return modules;
    }
}
