using System.Net;
using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;
using StirShaken.Identity.Server.Tests.Infrastructure;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;

namespace StirShaken.Identity.Server.Tests;

/// <summary>
/// <c>stir-identity serve</c> over real HTTP with <c>--legacy-trust-anchor</c> and <c>--profile atis</c>: the <c>"rcd"</c>
/// object of the <c>verificationResponse</c> (RFC 9795), div signing (RFC 8946) in both field sets, RFC 4474 verification
/// from the JSON fields, and the ATIS profile's codes (README "HTTP service").
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RichCallDataDiversionLegacyApiTests
{
    private const string LegacyUrl = "https://legacy.example.com/cert.der";
    private const string NewTarget = "12125559999";
    private static readonly long Now = ServiceTestPki.Now;

    private ServiceTestPki _pki = null!;
    private LegacyTestPki _legacy = null!;
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _pki = new ServiceTestPki();
        _legacy = LegacyTestPki.Create("example.com");
        var anchor = _pki.Files.Write("legacy-ca.pem", _legacy.RootPem);
        var certificate = Path.Combine(Path.GetDirectoryName(anchor)!, "legacy-cert.der");
        await File.WriteAllBytesAsync(certificate, _legacy.LeafDer);
        _service = await ServiceProcess.StartAsync([.. _pki.ServeArguments, "--legacy-trust-anchor", anchor, "--cert", $"{LegacyUrl}={certificate}", "--profile", "atis"]);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _service?.Dispose();
        _legacy?.Dispose();
        _pki?.Dispose();
    }

    [Test]
    public async Task Rich_call_data_of_a_passing_call_is_answered_as_an_rcd_object()
    {
        var payload = ServiceTestPki.PayloadJson().TrimEnd('}') + ",\"rcd\":{\"nam\":\"Acme Pharmacy\"},\"crn\":\"Prescription ready\"}";
        var identity = _pki.Identity(payload: payload);

        var reply = await VerifyAsync(Body(identity, displayName: "Acme Pharmacy"));

        var rcd = reply.Json.GetProperty("verificationResponse").GetProperty("rcd");
        Assert.Multiple(() =>
        {
            Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), reply.ToString());
            Assert.That(rcd.GetProperty("nam").GetString(), Is.EqualTo("Acme Pharmacy"));
            Assert.That(rcd.GetProperty("crn").GetString(), Is.EqualTo("Prescription ready"));
            Assert.That(rcd.GetProperty("apn").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(rcd.GetProperty("jcard").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(rcd.GetProperty("verified").GetBoolean(), Is.True, "no URL element: nothing left unverified");
            Assert.That(rcd.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("state").GetString()), Is.Not.Empty.And.All.EqualTo("Verified"), reply.ToString());
            Assert.That(rcd.GetProperty("ppt").GetString(), Is.EqualTo("shaken"), "carried by the SHAKEN PASSporT (ATIS-1000094)");
            Assert.That(rcd.GetProperty("passport").GetString(), Is.EqualTo(identity.Split(';')[0]));
            Assert.That(rcd.GetProperty("displayName").GetString(), Is.EqualTo("Match"), "displayName is the From display-name (RFC 9795 §12.2)");
            Assert.That(rcd.GetProperty("fromDisplayName").GetString(), Is.EqualTo("Acme Pharmacy"));
        });
    }

    [Test]
    public async Task A_signed_name_that_differs_from_the_display_name_is_reported_as_a_mismatch()
    {
        var payload = ServiceTestPki.PayloadJson().TrimEnd('}') + ",\"rcd\":{\"nam\":\"Acme Pharmacy\"}}";

        var reply = await VerifyAsync(Body(_pki.Identity(payload: payload), displayName: "Somebody Else"));

        var rcd = reply.Json.GetProperty("verificationResponse").GetProperty("rcd");
        Assert.That(rcd.GetProperty("displayName").GetString(), Is.EqualTo("Mismatch"), reply.ToString());
        Assert.That(rcd.GetProperty("fromDisplayName").GetString(), Is.EqualTo("Somebody Else"));
    }

    [Test]
    public async Task A_call_without_rich_call_data_has_no_rcd_object()
    {
        var reply = await VerifyAsync(Body(_pki.Identity()));

        Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), reply.ToString());
        Assert.That(reply.Json.GetProperty("verificationResponse").TryGetProperty("rcd", out _), Is.False);
    }

    [Test]
    public async Task A_div_signed_from_the_3gpp_claims_verifies_through_the_service()
    {
        var signed = await SignAsync(new
        {
            signingRequest = new { ppt = "div", orig = new { tn = InteropInvite.Orig }, dest = new { tn = new[] { NewTarget } }, iat = Now, div = new { tn = InteropInvite.Dest, hi = "1.1" } },
        });
        var div = signed.Json.GetProperty("signingResponse").GetProperty("identityHeader").GetString()!;

        var reply = await VerifyAsync(Body(_pki.Identity(), more: [div], dest: NewTarget));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Status, Is.EqualTo(HttpStatusCode.OK), signed.ToString());
            Assert.That(div, Does.EndWith($";info=<{ServiceTestPki.Url("sp.pem")}>;alg=ES256;ppt=\"div\""));
            Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), reply.ToString());
            var divResult = reply.Json.GetProperty("verificationResponse").GetProperty("divResult")[0];
            Assert.That(divResult.GetProperty("verstatValue").GetString(), Is.EqualTo("TN-Validation-Passed"), reply.ToString());
            Assert.That(divResult.GetProperty("div").GetProperty("tn").GetString(), Is.EqualTo(InteropInvite.Dest));
            Assert.That(divResult.GetProperty("div").GetProperty("hi").GetString(), Is.EqualTo("1.1"));
        });
    }

    [Test]
    public async Task A_div_signed_from_the_retargeted_requests_identity_copies_its_orig_like_sign_div()
    {
        var shaken = _pki.Identity();
        var signed = await SignAsync(new
        {
            signingRequest = new { ppt = "div", identityHeader = shaken, dest = new { tn = NewTarget } },
        });
        var response = signed.Json.GetProperty("signingResponse");
        var div = response.GetProperty("identityHeader").GetString()!;

        var reply = await VerifyAsync(Body(shaken, more: [div], dest: NewTarget));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Status, Is.EqualTo(HttpStatusCode.OK), signed.ToString());
            Assert.That(response.GetProperty("identityHeaders").GetArrayLength(), Is.EqualTo(1));
            Assert.That(reply.Verstat, Is.EqualTo("TN-Validation-Passed"), reply.ToString());
            Assert.That(reply.Json.GetProperty("verificationResponse").GetProperty("verifyResults")[1].GetProperty("verifyResult").GetProperty("validClaims")
                .GetProperty("orig").GetProperty("tn").GetString(), Is.EqualTo(InteropInvite.Orig), "orig and iat come from the original PASSporT (RFC 8946 §4.1)");
        });
    }

    [TestCase("{\"signingRequest\":{\"ppt\":\"div\",\"orig\":{\"tn\":\"12155551212\"},\"dest\":{\"tn\":\"12125551213\"},\"div\":{\"tn\":\"+1 212 555 1213\"}}}", "RFC 8946 §3")]
    [TestCase("{\"signingRequest\":{\"ppt\":\"div\",\"orig\":{\"tn\":\"12155551212\"},\"div\":{\"tn\":\"12125551213\"}}}", "dest")]
    [TestCase("{\"signingRequest\":{\"ppt\":\"div\",\"dest\":{\"tn\":\"12125559999\"},\"div\":{\"tn\":\"12125551213\"}}}", "identityHeader")]
    [TestCase("{\"signingRequest\":{\"ppt\":\"div\",\"identityHeader\":\"not a header\",\"dest\":{\"tn\":\"12125559999\"}}}", "RFC 8946")]
    [TestCase("{\"signingRequest\":{\"ppt\":\"div\",\"orig\":{\"tn\":\"12155551212\"},\"dest\":{\"tn\":\"12125559999\"},\"div\":\"12125551213\"}}", "'div' must be")]
    public async Task Bad_div_signing_requests_are_400(string body, string mentions)
    {
        var reply = await _service.PostJsonAsync(StirIdentityServer.SigningPath, body);

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.BadRequest), reply.ToString());
        Assert.That(reply.Json.GetProperty("error").GetString(), Does.Contain(mentions));
    }

    [Test]
    public async Task A_legacy_rfc4474_identity_verifies_from_the_fields_with_legacy_trust_anchors()
    {
        var date = SipDate.Format(DateTimeOffset.FromUnixTimeSeconds(Now));
        var invite = SipMessage.TryParse(
            "INVITE sip:bob@biloxi.example.org SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=1\r\n" +
            $"To: <sip:bob@biloxi.example.org>\r\nCall-ID: legacy-serve\r\nCSeq: 1 INVITE\r\nDate: {date}\r\nContact: <sip:alice@192.0.2.1>\r\nContent-Length: 0\r\n\r\n").Value!;
        using var signer = new LegacyIdentitySigner(_legacy.LeafKey, LegacyUrl, useWeakSha1: false);
        var signed = signer.Sign(invite);
        var body = JsonSerializer.Serialize(new
        {
            verificationRequest = new
            {
                identityHeader = signed.GetHeader(SipHeaderNames.Identity),
                from = new { uri = "sip:alice@example.com" },
                to = new { uri = "sip:bob@biloxi.example.org" },
                time = Now,
                protectedHeaders = new[]
                {
                    $"Identity-Info: {signed.GetHeader(SipHeaderNames.IdentityInfo)}", "Call-ID: legacy-serve", "CSeq: 1 INVITE", $"Date: {date}", "Contact: <sip:alice@192.0.2.1>",
                },
            },
        });

        var reply = await VerifyAsync(body);

        var result = reply.FirstResult;
        Assert.Multiple(() =>
        {
            Assert.That(reply.Verstat, Is.EqualTo("No-TN-Validation"), "RFC 4474 attests no TN: " + reply);
            Assert.That(result.GetProperty("status").GetString(), Is.EqualTo("pass"), reply.ToString());
            Assert.That(result.GetProperty("legacy").GetProperty("domain").GetString(), Is.EqualTo("example.com"));
            Assert.That(result.GetProperty("legacy").GetProperty("alg").GetString(), Is.EqualTo("rsa-sha256"));
            Assert.That(result.GetProperty("legacy").GetProperty("identityInfo").GetString(), Is.EqualTo(LegacyUrl));
        });

        // A changed Call-ID breaks the RFC 4474 §9 digest-string: 438.
        var tampered = await VerifyAsync(body.Replace("Call-ID: legacy-serve", "Call-ID: other", StringComparison.Ordinal));
        Assert.That(tampered.FirstResult.GetProperty("status").GetString(), Is.EqualTo("fail"), tampered.ToString());
        Assert.That(tampered.FirstResult.GetProperty("reasonCode").GetInt32(), Is.EqualTo(438), tampered.ToString());
    }

    [Test]
    public async Task The_atis_profile_answers_436_for_x5u_not_equal_to_info()
    {
        // RFC 8224 says 438 (VerificationApiTests); ATIS-1000082 practice is 436 (README "Conformance profiles").
        var reply = await VerifyAsync(Body(_pki.Identity(info: ServiceTestPki.Url("untrusted.pem"))));

        Assert.That(reply.FirstResult.GetProperty("reasonCode").GetInt32(), Is.EqualTo(436), reply.ToString());
    }

    private static string Body(string identity, string? displayName = null, string[]? more = null, string? dest = null)
    {
        var request = new Dictionary<string, object?>
        {
            ["identityHeader"] = identity,
            ["from"] = new { tn = InteropInvite.Orig },
            ["to"] = new { tn = InteropInvite.Dest },
            ["time"] = Now,
        };
        if (displayName is not null)
        {
            request["displayName"] = displayName;
        }

        if (more is not null)
        {
            request["identityHeaders"] = more;
        }

        if (dest is not null)
        {
            request["dest"] = new { tn = dest };
        }

        return JsonSerializer.Serialize(new { verificationRequest = request });
    }

    private Task<Reply> SignAsync(object body) => _service.PostJsonAsync(StirIdentityServer.SigningPath, JsonSerializer.Serialize(body));

    private Task<Reply> VerifyAsync(string body) => _service.PostJsonAsync(StirIdentityServer.VerificationPath, body);
}
