using System.Net;
using System.Text.Json;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Server.Tests.Infrastructure;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// <c>stir-identity serve</c> as a client sees it (README "HTTP service"): the 3GPP TS 24.229 / ATIS-1000082 JSON for every
/// verification outcome with its integer SIP <c>reasonCode</c>, the older spellings, signing, and bad requests.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class VerificationApiTests
{
    private static readonly long Now = ServiceTestPki.Now;
    private ServiceTestPki _pki = null!;
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = new ServiceTestPki();
        _service = await ServiceProcess.StartAsync(_pki.ServeArguments);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _service?.Dispose();
        _pki?.Dispose();
    }

    [Test]
    public async Task A_valid_shaken_passport_passes_with_its_claims_and_the_request_id_echoed()
    {
        var reply = await VerifyAsync(ServiceProcess.VerificationBody(_pki.Identity(), time: Now, requestId: "req-1"));

        var response = reply.Json.GetProperty("verificationResponse");
        var result = reply.FirstResult;
        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.ToString());
            Assert.That(reply.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.GetProperty("verstatValue").GetString(), Is.EqualTo("TN-Validation-Passed"));
            Assert.That(response.GetProperty("requestId").GetString(), Is.EqualTo("req-1"));
            Assert.That(result.GetProperty("ppt").GetString(), Is.EqualTo("shaken"));
            Assert.That(result.GetProperty("status").GetString(), Is.EqualTo("pass"));
            Assert.That(result.GetProperty("validClaims").GetProperty("origid").GetString(), Is.EqualTo(ServiceTestPki.OrigId));
            Assert.That(result.GetProperty("validClaims").GetProperty("attest").GetString(), Is.EqualTo("A"));
            Assert.That(result.TryGetProperty("reasonCode", out _), Is.False, "reasonCode only on fail");
            Assert.That(response.TryGetProperty("verstat", out _), Is.False, "ATIS fields only for ATIS-spelled requests");
        });
    }

    /// <summary>Every failure class the JSON can express, with its SIP code (RFC 8224 §6.2.2; README "SIP codes").</summary>
    [TestCase(nameof(FailureReason.InvalidSignature), 438)]
    [TestCase(nameof(FailureReason.DestMismatch), 438)]
    [TestCase(nameof(FailureReason.OrigMismatch), 438)]
    [TestCase(nameof(FailureReason.MissingClaim), 438)]
    [TestCase(nameof(FailureReason.InvalidClaim), 438)]
    [TestCase(nameof(FailureReason.InvalidType), 438)]
    [TestCase(nameof(FailureReason.PptMismatch), 438)]
    [TestCase(nameof(FailureReason.CompactFormNotAllowed), 438)]
    [TestCase(nameof(FailureReason.X5uInfoMismatch), 438)]
    [TestCase(nameof(FailureReason.MalformedIdentityHeader), 438)]
    [TestCase(nameof(FailureReason.MalformedPassport), 438)]
    [TestCase(nameof(FailureReason.LegacyIdentityUnsupported), 438)]
    [TestCase(nameof(FailureReason.UnsupportedAlgorithm), 437)]
    [TestCase(nameof(FailureReason.CertificateUntrusted), 437)]
    [TestCase(nameof(FailureReason.CertificateExpired), 437)]
    [TestCase(nameof(FailureReason.CertificateKeyUnsupported), 437)]
    [TestCase(nameof(FailureReason.CertificateTnAuthList), 437)]
    [TestCase(nameof(FailureReason.TnNotAuthorized), 437)]
    [TestCase(nameof(FailureReason.InfoUrlRefused), 436)]
    [TestCase(nameof(FailureReason.CertificateUnavailable), 436)]
    [TestCase(nameof(FailureReason.StaleIat), 403)]
    [TestCase(nameof(FailureReason.FutureIat), 403)]
    [TestCase(nameof(FailureReason.StaleDate), 403)]
    [TestCase(nameof(FailureReason.FutureDate), 403)]
    [TestCase(nameof(FailureReason.NoSupportedIdentity), 428)]
    public async Task Each_failure_class_answers_200_with_its_integer_reason_code(string reason, int code)
    {
        var reply = await VerifyAsync(FailureBody(reason));

        var result = reply.FirstResult;
        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), "verification failures are HTTP 200 (3GPP TS 24.229, ATIS-1000082)");
            Assert.That(result.GetProperty("status").GetString(), Is.EqualTo("fail"), reply.ToString());
            Assert.That(result.GetProperty("reasonCode").ValueKind, Is.EqualTo(JsonValueKind.Number), "an integer, not a string (Oracle SBC ignores a quoted code)");
            Assert.That(result.GetProperty("reasonCode").GetInt32(), Is.EqualTo(code), reply.ToString());
            Assert.That(result.GetProperty("reasonText").GetString(), Is.Not.Empty);
            Assert.That(result.GetProperty("reasonDescription").GetString(), Does.Contain("Fix:").Or.Contain("ignored"));
            Assert.That(result.TryGetProperty("validClaims", out _), Is.False);
            Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Failed"));
        });
    }

    private string FailureBody(string reason)
    {
        var tamper = _pki.Identity();
        var cut = tamper.IndexOf(';', StringComparison.Ordinal) - 5;
        var body = (string identity, string? from, string? to, long? time) => ServiceProcess.VerificationBody(identity, from ?? InteropInvite.Orig, to ?? InteropInvite.Dest, time ?? Now);
        return reason switch
        {
            nameof(FailureReason.InvalidSignature) => body(string.Concat(tamper.AsSpan(0, cut), tamper[cut] == 'A' ? "B" : "A", tamper.AsSpan(cut + 1)), null, null, null),
            nameof(FailureReason.DestMismatch) => body(_pki.Identity(), null, "12125550000", null),
            nameof(FailureReason.OrigMismatch) => body(_pki.Identity(), "12155550000", null, null),
            nameof(FailureReason.MissingClaim) => body(_pki.Identity(payload: ServiceTestPki.PayloadJson(origId: false)), null, null, null),
            nameof(FailureReason.InvalidClaim) => body(_pki.Identity(payload: ServiceTestPki.PayloadJson(attest: "D")), null, null, null),
            nameof(FailureReason.InvalidType) => body(_pki.Identity(header: ServiceTestPki.HeaderJson(ServiceTestPki.Url("sp.pem"), typ: "jwt")), null, null, null),
            nameof(FailureReason.PptMismatch) => body(_pki.Identity(header: ServiceTestPki.HeaderJson(ServiceTestPki.Url("sp.pem"), ppt: "div")), null, null, null),
            nameof(FailureReason.CompactFormNotAllowed) => body(".." + _pki.Identity().Split('.', 3)[2], null, null, null),
            nameof(FailureReason.X5uInfoMismatch) => body(_pki.Identity(info: ServiceTestPki.Url("untrusted.pem")), null, null, null),
            nameof(FailureReason.MalformedIdentityHeader) => body("not an identity header", null, null, null),
            nameof(FailureReason.MalformedPassport) => body($"abc.def.ghi;info=<{ServiceTestPki.Url("sp.pem")}>;alg=ES256;ppt=shaken", null, null, null),
            nameof(FailureReason.LegacyIdentityUnsupported) => body("\"ZYNBbHC00VMZr2kZt6VmCvPonWJMGvQTBDqghoWeLxJfzB2a1pxAr3VgrB0SsSAaifsRdiOPoQZYOy2wrVghuhcsMbHWUSFxI6p6q5TOQXHMmz6uEo3svJsSH49thyGnFVcnyaZ++yRlBYYQTLqWzJ+KVhPKbfU/pryhVn9Yc6U=\"", null, null, null),
            nameof(FailureReason.UnsupportedAlgorithm) => body(_pki.Identity(header: ServiceTestPki.HeaderJson(ServiceTestPki.Url("sp.pem"), alg: "RS256"), parameters: ";alg=RS256;ppt=shaken"), null, null, null),
            nameof(FailureReason.CertificateUntrusted) => body(_pki.Identity("untrusted.pem"), null, null, null),
            nameof(FailureReason.CertificateExpired) => body(_pki.Identity("expired.pem"), null, null, null),
            nameof(FailureReason.CertificateKeyUnsupported) => body(_pki.Identity("p384.pem"), null, null, null),
            nameof(FailureReason.CertificateTnAuthList) => body(_pki.Identity("no-tnauthlist.pem"), null, null, null),
            nameof(FailureReason.TnNotAuthorized) => body(_pki.Identity("delegate.pem"), null, null, null),
            nameof(FailureReason.InfoUrlRefused) => body(_pki.Identity(header: ServiceTestPki.HeaderJson("http://cert.example.org/sp.pem"), info: "http://cert.example.org/sp.pem"), null, null, null),
            nameof(FailureReason.CertificateUnavailable) => body(_pki.Identity(header: ServiceTestPki.HeaderJson("https://127.0.0.1/sp.pem"), info: "https://127.0.0.1/sp.pem"), null, null, null),
            nameof(FailureReason.StaleIat) => body(_pki.Identity(payload: ServiceTestPki.PayloadJson(iat: Now - 3600)), null, null, Now),
            nameof(FailureReason.FutureIat) => body(_pki.Identity(payload: ServiceTestPki.PayloadJson(iat: Now + 3600)), null, null, Now),
            nameof(FailureReason.StaleDate) => body(_pki.Identity(), null, null, Now - 3600),
            nameof(FailureReason.FutureDate) => body(_pki.Identity(), null, null, Now + 3600),
            nameof(FailureReason.NoSupportedIdentity) => body(_pki.Identity(parameters: ";alg=ES256;ppt=rph"), null, null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(reason)),
        };
    }

    [Test]
    public async Task The_ATIS_1000082_spelling_is_answered_with_the_ATIS_fields_too()
    {
        var body = JsonSerializer.Serialize(new
        {
            verificationRequest = new
            {
                from = new { tn = InteropInvite.Orig },
                to = new { tn = new[] { "12125550000" } },
                time = Now,
                identity = _pki.Identity(),
            },
        });

        var reply = await VerifyAsync(body);

        var response = reply.Json.GetProperty("verificationResponse");
        Assert.Multiple(() =>
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.ToString());
            Assert.That(response.GetProperty("verstat").GetString(), Is.EqualTo("TN-Validation-Failed"));
            Assert.That(response.GetProperty("reasoncode").GetInt32(), Is.EqualTo(438));
            Assert.That(response.GetProperty("reasontext").GetString(), Is.EqualTo("Invalid Identity Header"));
            Assert.That(response.GetProperty("reasondesc").GetString(), Does.Contain("12125550000"));
            Assert.That(reply.FirstResult.GetProperty("reasonCode").GetInt32(), Is.EqualTo(438), "the 3GPP fields are there as well");
        });
    }

    [Test]
    public async Task The_pre_ATIS_spelling_orig_dest_iat_unwrapped_passes()
    {
        var body = JsonSerializer.Serialize(new
        {
            orig = new { tn = new[] { "+1 215 555 1212" } },
            dest = new { tn = new[] { InteropInvite.Dest } },
            iat = Now,
            identity = _pki.Identity(),
        });

        var reply = await VerifyAsync(body);

        Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), reply.ToString());
        Assert.That(reply.Json.GetProperty("verificationResponse").GetProperty("verstat").GetString(), Is.EqualTo("TN-Validation-Passed"));
    }

    [Test]
    public async Task Several_identity_headers_get_one_result_each_and_one_valid_shaken_passport_decides()
    {
        var tampered = _pki.Identity("untrusted.pem");
        var body = ServiceProcess.VerificationBody(tampered, time: Now, more: [_pki.Identity(), _pki.Identity(parameters: ";alg=ES256;ppt=div")]);

        var reply = await VerifyAsync(body);

        var results = reply.Json.GetProperty("verificationResponse").GetProperty("verifyResults");
        Assert.Multiple(() =>
        {
            Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), "RFC 8224 §6.2.1: one valid Identity is enough");
            Assert.That(results.GetArrayLength(), Is.EqualTo(3));
            Assert.That(results[0].GetProperty("verifyResult").GetProperty("reasonCode").GetInt32(), Is.EqualTo(437));
            Assert.That(results[1].GetProperty("verifyResult").GetProperty("status").GetString(), Is.EqualTo("pass"));
            Assert.That(results[2].GetProperty("verifyResult").GetProperty("ppt").GetString(), Is.EqualTo("div"));
            Assert.That(results[2].GetProperty("verifyResult").GetProperty("status").GetString(), Is.EqualTo("fail"));
            Assert.That(reply.Json.GetProperty("verificationResponse").GetProperty("divResult")[0].GetProperty("verstatValue").GetString(), Is.EqualTo("TN-Validation-Failed"), "div has its rules (RFC 8946): a SHAKEN token under ppt=div fails (RFC 8224 §4.1 ppt mismatch)");
        });
    }

    [Test]
    public async Task Signing_round_trip_through_the_service_and_the_library()
    {
        var request = JsonSerializer.Serialize(new
        {
            signingRequest = new { attest = "B", orig = new { tn = InteropInvite.Orig }, dest = new { tn = new[] { InteropInvite.Dest } }, iat = Now, origid = ServiceTestPki.OrigId },
        });

        var signed = await _service.PostJsonAsync(StirIdentityServer.SigningPath, request);
        var identity = signed.Json.GetProperty("signingResponse").GetProperty("identityHeader").GetString()!;
        var verified = await VerifyAsync(ServiceProcess.VerificationBody(identity, time: Now));
        var library = new StirShakenVerifier(new InMemoryCertificateSource().Add(ServiceTestPki.Url("sp.pem"), _pki.Files.Pki.Chain), new CertificateValidator(_pki.Files.Pki.TrustAnchors),
            null, new StirShakenVerifierDependencies { TimeProvider = new InteropClock(Now) });
        var ours = await library.VerifyAsync(InteropInvite.Create(DateTimeOffset.FromUnixTimeSeconds(Now), identity));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Status, Is.EqualTo(HttpStatusCode.OK), signed.ToString());
            Assert.That(identity, Does.EndWith($";info=<{ServiceTestPki.Url("sp.pem")}>;alg=ES256;ppt=shaken"));
            Assert.That(signed.Json.GetProperty("signingResponse").GetProperty("identity").GetString(), Is.EqualTo(identity), "ATIS-1000082 spelling");
            Assert.That(verified.Verstat, Is.EqualTo("TN-Validation-Passed"), verified.ToString());
            Assert.That(verified.FirstResult.GetProperty("validClaims").GetProperty("attest").GetString(), Is.EqualTo("B"));
            Assert.That(ours.IsSuccess, Is.True, ours.ToString());
        });
    }

    [TestCase("{\"signingRequest\":{\"attest\":\"D\",\"orig\":{\"tn\":\"12155551212\"},\"dest\":{\"tn\":[\"12125551213\"]}}}", "attest")]
    [TestCase("{\"signingRequest\":{\"attest\":\"A\",\"dest\":{\"tn\":[\"12125551213\"]}}}", "orig")]
    [TestCase("{\"signingRequest\":{\"attest\":\"A\",\"orig\":{\"tn\":\"12155551212\"},\"dest\":{\"tn\":[\"12125551213\"]},\"ppt\":\"div\"}}", "div")]
    [TestCase("{\"signingRequest\":{\"attest\":\"A\",\"orig\":{\"tn\":\"abc\"},\"dest\":{\"tn\":[\"12125551213\"]}}}", "telephone number")]
    public async Task Bad_signing_requests_are_400(string body, string mentions)
    {
        var reply = await _service.PostJsonAsync(StirIdentityServer.SigningPath, body);

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.ToString());
        Assert.That(reply.Json.GetProperty("error").GetString(), Does.Contain(mentions));
    }

    [TestCase("", "application/json", 400, "empty")]
    [TestCase("{", "application/json", 400, "not valid JSON")]
    [TestCase("[]", "application/json", 400, "object")]
    [TestCase("{\"verificationRequest\":{}}", "application/json", 400, "identityHeader")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"to\":{\"tn\":\"1\"},\"time\":1}}", "application/json", 400, "from")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1\"},\"time\":1}}", "application/json", 400, "to")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"}}}", "application/json", 400, "time")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"},\"time\":\"now\"}}", "application/json", 400, "time")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"},\"time\":-5}}", "application/json", 400, "time")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":42,\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"},\"time\":1}}", "application/json", 400, "identityHeader")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1>\\r\\nVia: evil\"},\"to\":{\"tn\":\"2\"},\"time\":1}}", "application/json", 400, "telephone number")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\\r\\nEvil: 1\",\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"},\"time\":1}}", "application/json", 400, "SIP request")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"uri\":\"not a uri\"},\"to\":{\"tn\":\"2\"},\"time\":1}}", "application/json", 400, "from.uri")]
    [TestCase("{\"verificationRequest\":{\"identityHeader\":\"x\",\"from\":{\"tn\":\"1\"},\"to\":{\"tn\":\"2\"},\"time\":1,\"protectedHeaders\":[\"Identity: y\"]}}", "application/json", 400, "protectedHeaders")]
    [TestCase("{}", "text/plain", 415, "Content-Type")]
    [TestCase("{}", "application/x-www-form-urlencoded", 415, "Content-Type")]
    public async Task Bad_requests_are_4xx_with_an_error_body(string body, string contentType, int status, string mentions)
    {
        var reply = await _service.PostJsonAsync(StirIdentityServer.VerificationPath, body, contentType);

        Assert.Multiple(() =>
        {
            Assert.That((int)reply.Status, Is.EqualTo(status), reply.ToString());
            Assert.That(reply.MediaType, Is.EqualTo("application/json"));
            Assert.That(reply.Json.GetProperty("error").GetString(), Does.Contain(mentions));
        });
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_announced_or_chunked()
    {
        var big = ServiceProcess.VerificationBody(new string('a', 40_000), time: Now);
        var announced = await _service.PostJsonAsync(StirIdentityServer.VerificationPath, big);
        var chunked = new HttpRequestMessage(HttpMethod.Post, _service.Url(StirIdentityServer.VerificationPath))
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big))),
        };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var streamed = await ServiceProcess.SendAsync(chunked);

        Assert.Multiple(() =>
        {
            Assert.That(announced.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), announced.ToString());
            Assert.That(announced.Json.GetProperty("error").GetString(), Does.Contain("32768"));
            Assert.That(streamed.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), streamed.ToString());
        });
    }

    [Test]
    public async Task Unknown_paths_and_methods_are_404_and_405_with_an_error_body()
    {
        var missing = await _service.GetAsync("/stir/v1/nothing");
        var method = await _service.GetAsync(StirIdentityServer.VerificationPath);

        Assert.Multiple(() =>
        {
            Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(missing.Json.GetProperty("error").GetString(), Is.Not.Empty);
            Assert.That(method.Status, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
            Assert.That(method.Json.GetProperty("error").GetString(), Does.Contain("GET"));
        });
    }

    /// <summary>Mutations of a valid body (truncation, type swaps, odd characters): every answer is 200 or 4xx, never 5xx.</summary>
    [Test]
    public async Task Mangled_bodies_never_get_a_5xx()
    {
        var valid = ServiceProcess.VerificationBody(_pki.Identity(), time: Now);
        var random = new Random(14);
        var statuses = new List<int>();
        for (var i = 0; i < 150; i++)
        {
            var chars = valid.ToCharArray();
            var body = (i % 3) switch
            {
                0 => valid[..random.Next(valid.Length)],
                1 => Mutate(chars, random),
                _ => valid.Replace("\"tn\":\"", i % 2 == 0 ? "\"tn\":[\"" : "\"tn\":{\"x\":\"", StringComparison.Ordinal),
            };
            var reply = await _service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
            statuses.Add((int)reply.Status);
            Assert.That((int)reply.Status, Is.LessThan(500), $"body: {body}\nreply: {reply}");
        }

        Assert.That(statuses, Has.Some.EqualTo(400));
    }

    [Test]
    public async Task Health_ready_metrics_and_the_openapi_document_are_served()
    {
        await VerifyAsync(ServiceProcess.VerificationBody(_pki.Identity("untrusted.pem"), time: Now));

        var health = await _service.GetAsync("/health");
        var ready = await _service.GetAsync("/ready");
        var metrics = await _service.GetAsync("/metrics");
        var openapi = await _service.GetAsync("/openapi.json");

        var paths = openapi.Json.GetProperty("paths");
        Assert.Multiple(() =>
        {
            Assert.That(health.Json.GetProperty("status").GetString(), Is.EqualTo("ok"));
            Assert.That(ready.Status, Is.EqualTo(HttpStatusCode.OK), ready.ToString());
            Assert.That(metrics.Body, Does.Contain("stirshaken_verifications_total{").And.Contain("code=\"437\""));
            Assert.That(metrics.Body, Does.Contain("http_server_request_duration_seconds_bucket{"));
            Assert.That(openapi.Json.GetProperty("openapi").GetString(), Does.StartWith("3."));
            foreach (var path in new[] { StirIdentityServer.VerificationPath, StirIdentityServer.SigningPath, "/health", "/ready", "/metrics", "/openapi.json" })
            {
                Assert.That(paths.TryGetProperty(path, out _), Is.True, $"{path} is documented");
            }
        });
    }

    private static string Mutate(char[] chars, Random random)
    {
        for (var j = 0; j < 3; j++)
        {
            const string noise = "{}[]\":,\\x0 \u00e9\u0000";
            chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
        }

        return new string(chars);
    }

    private Task<Reply> VerifyAsync(string body) => _service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
}
