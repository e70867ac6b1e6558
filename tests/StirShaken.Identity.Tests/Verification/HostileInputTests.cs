using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Tests.Fuzzing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Verification;

/// <summary>
/// Issue 8 §1: a PASSporT string that is not valid Unicode is a 438 malformed PASSporT, never a 500, and no
/// exception of one header reaches another header or the request (RFC 8224 §6.2, RFC 8259 §8.1–8.2).
/// </summary>
public class HostileInputTests
{
    private const long HostileNow = 1796030000;
    private const string Uuid = "123e4567-e89b-12d3-a456-426655440000";

    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    [TestCase("lone-surrogate-500", "surrogate")]
    [TestCase("invalid-utf8-500", "UTF-8")]
    public async Task ReplayedSignedCase_Is438MalformedPassport(string folder, string diagnostic)
    {
        var result = await HostileCases.Verifier(folder, HostileNow).VerifyAsync(HostileCases.Message(folder));

        AssertFailure(result, FailureReason.MalformedPassport, 438);
        Assert.That(result.Failure!.Detail, Does.Contain(diagnostic));
    }

    [TestCase("min_invalid_utf8_key.sip")]
    [TestCase("min_invalid_utf8_value.sip")]
    [TestCase("min_lone_high_surrogate.sip")]
    [TestCase("min_lone_low_surrogate.sip")]
    public async Task ReplayedMinimalCase_Is438_NotInternalError(string file)
    {
        var result = await HostileCases.Verifier("minimal-utf8", 1796026005).VerifyAsync(HostileCases.Message("minimal-utf8", file));

        AssertFailure(result, FailureReason.MalformedPassport, 438);
    }

    [Test]
    public async Task ReplayedCritUnknownExtension_Is438()
    {
        var result = await HostileCases.Verifier("crit-unknown-extension-accepted", HostileNow).VerifyAsync(HostileCases.Message("crit-unknown-extension-accepted"));

        AssertFailure(result, FailureReason.InvalidClaim, 438);
        Assert.That(result.Failure!.Detail, Does.Contain("\"crit\" names \"foo\"").And.Contain("RFC 7515 §4.1.11"));
    }

    // Every claim and JOSE member, an object key, and an extra claim: a lone surrogate escape (high or low) or a raw
    // 0xFF byte, in a correctly signed PASSporT.
    private static IEnumerable<TestCaseData> PoisonedMembers()
    {
        string[] poisons = ["\\ud800", "\\udc00", "\\ud800\\u0041", "\u00FF_RAW"];
        foreach (var poison in poisons)
        {
            yield return Case("attest", TestCall.ShakenHeader(), Payload(attest: $"\"A{poison}\""));
            yield return Case("orig.tn", TestCall.ShakenHeader(), Payload(origTn: $"1215555{poison}"));
            yield return Case("dest.tn", TestCall.ShakenHeader(), Payload(destTn: $"1212{poison}"));
            yield return Case("origid", TestCall.ShakenHeader(), Payload(origId: $"{Uuid[..8]}{poison}"));
            yield return Case("extra claim", TestCall.ShakenHeader(), Payload(extra: $",\"zz\":\"{poison}\""));
            yield return Case("object key", TestCall.ShakenHeader(), Payload(extra: $",\"z{poison}\":1"));
            yield return Case("typ", TestCall.ShakenHeader(typ: $"passport{poison}"), Payload());
            yield return Case("kid", $"{{\"alg\":\"ES256\",\"kid\":\"{poison}\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"{TestCall.X5u}\"}}", Payload());
            yield return Case("x5u", TestCall.ShakenHeader(x5u: TestCall.X5u + poison), Payload());
        }

        static TestCaseData Case(string member, string header, string payload) =>
            new TestCaseData(member, header, payload).SetArgDisplayNames(member, payload.Contains("_RAW", StringComparison.Ordinal) || header.Contains("_RAW", StringComparison.Ordinal) ? "0xFF" : "surrogate");
    }

    [TestCaseSource(nameof(PoisonedMembers))]
    public async Task InvalidUnicode_InAnyMember_Is438MalformedPassport(string member, string headerJson, string payloadJson)
    {
        var message = TestCall.Invite(extraHeaders: "Identity: " + SignedRaw(headerJson, payloadJson, _call.Pki.LeafKey) + ";info=<" + TestCall.X5u + ">;alg=ES256;ppt=shaken");

        var result = await _call.Verifier().VerifyAsync(message);

        AssertFailure(result, FailureReason.MalformedPassport, 438);
        Assert.That(result.Failure!.Detail, Does.Contain("RFC 8259 §8."), member);
    }

    [TestCaseSource(nameof(PoisonedMembers))]
    public void InvalidUnicode_PublicTryParse_FailsAsValue(string member, string headerJson, string payloadJson)
    {
        var token = SignedRaw(headerJson, payloadJson, _call.Pki.LeafKey);

        var parsed = PassportToken.TryParse(token);

        Assert.That(parsed.IsSuccess, Is.False, member);
        Assert.That(parsed.Error.Code, Is.EqualTo(ParseErrorCode.InvalidJson));
        Assert.That(parsed.Error.Position, Is.InRange(0, token.LastIndexOf('.')));
    }

    [TestCase(0)]
    [TestCase(1)]
    public async Task HostileHeader_BesideAValidOne_DoesNotPoisonIt(int hostileFirst)
    {
        var valid = Identity(_call.SignedInvite());
        var hostile = SignedRaw(TestCall.ShakenHeader(), Payload(origId: "\\ud800"), _call.Pki.LeafKey) + ";info=<" + TestCall.X5u + ">;alg=ES256;ppt=shaken";
        string[] headers = hostileFirst == 1 ? ["Identity: " + hostile, "Identity: " + valid] : ["Identity: " + valid, "Identity: " + hostile];

        var result = await _call.Verifier().VerifyAsync(TestCall.Invite(extraHeaders: headers));

        Assert.That(result.Status, Is.EqualTo(VerificationStatus.Passed), result.ToString());
        Assert.That(result.Headers.Single(h => h.Status == IdentityHeaderStatus.Failed).Failure!.Reason, Is.EqualTo(FailureReason.MalformedPassport));
    }

    [Test]
    public async Task ExceptionInOneHeader_FailsThatHeaderOnly_OtherHeaderStillVerifies()
    {
        // A profile that throws for one SP (a bug beyond the validator's own catch) stands for any escaping exception.
        using var other = TestPki.Create("6666", notBefore: TestCall.Now.AddDays(-30), validity: TimeSpan.FromDays(365));
        const string otherX5u = "https://cert.example.org/other.pem";
        _call.Certificates.Add(otherX5u, other.Chain);
        var anchors = TrustAnchorStore.FromCertificates([_call.Pki.Root, other.Root]);
        var verifier = new StirShakenVerifier(_call.Certificates, new CertificateValidator(anchors, new ThrowingProfile("SHAKEN 6666")), null,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock });
        var throwing = TestCall.RawJws(TestCall.ShakenHeader(x5u: otherX5u), TestCall.ShakenPayload(), other.LeafKey) + $";info=<{otherX5u}>;alg=ES256;ppt=shaken";
        var valid = Identity(_call.SignedInvite());

        var both = await verifier.VerifyAsync(TestCall.Invite(extraHeaders: ["Identity: " + throwing, "Identity: " + valid]));
        var alone = await verifier.VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + throwing));

        Assert.That(both.Status, Is.EqualTo(VerificationStatus.Passed), both.ToString());
        Assert.That(both.Headers[0].Failure!.Reason, Is.EqualTo(FailureReason.InternalError));
        Assert.That(both.Headers[1].Status, Is.EqualTo(IdentityHeaderStatus.Verified));
        AssertFailure(alone, FailureReason.InternalError, 500); // a bug stays visible: the last resort, as a value
    }

    [Test]
    public async Task ExceptionInOneHeader_LosesToAnotherHeadersSpecificFailure()
    {
        using var other = TestPki.Create("6666", notBefore: TestCall.Now.AddDays(-30), validity: TimeSpan.FromDays(365));
        const string otherX5u = "https://cert.example.org/other.pem";
        _call.Certificates.Add(otherX5u, other.Chain);
        var anchors = TrustAnchorStore.FromCertificates([_call.Pki.Root, other.Root]);
        var verifier = new StirShakenVerifier(_call.Certificates, new CertificateValidator(anchors, new ThrowingProfile("SHAKEN 6666")), null,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock });
        var throwing = TestCall.RawJws(TestCall.ShakenHeader(x5u: otherX5u), TestCall.ShakenPayload(), other.LeafKey) + $";info=<{otherX5u}>;alg=ES256;ppt=shaken";
        var malformed = SignedRaw(TestCall.ShakenHeader(), Payload(origId: "\\udc00"), _call.Pki.LeafKey) + $";info=<{TestCall.X5u}>;alg=ES256;ppt=shaken";

        var result = await verifier.VerifyAsync(TestCall.Invite(extraHeaders: ["Identity: " + throwing, "Identity: " + malformed]));

        AssertFailure(result, FailureReason.MalformedPassport, 438);
    }

    /// <summary>A JWS over the exact UTF-8 of the JSON, where <c>\u00FF_RAW</c> stands for a raw 0xFF byte.</summary>
    internal static string SignedRaw(string headerJson, string payloadJson, ECDsa key)
    {
        var input = Base64Url.Encode(Raw(headerJson)) + "." + Base64Url.Encode(Raw(payloadJson));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.Encode(signature);

        static byte[] Raw(string json)
        {
            var parts = json.Split("\u00FF_RAW");
            var bytes = new List<byte>();
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    bytes.Add(0xFF);
                }

                bytes.AddRange(Encoding.UTF8.GetBytes(parts[i]));
            }

            return [.. bytes];
        }
    }

    internal static string Payload(string attest = "\"A\"", string origTn = TestCall.Orig, string destTn = TestCall.Dest, string origId = Uuid, string extra = "") =>
        $"{{\"attest\":{attest},\"dest\":{{\"tn\":[\"{destTn}\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{origTn}\"}},\"origid\":\"{origId}\"{extra}}}";

    private static string Identity(string signedInvite) =>
        SipMessage.Parse(signedInvite).GetHeader("Identity")!;

    private static void AssertFailure(VerificationResult result, FailureReason reason, int code)
    {
        Assert.That(result.Failure, Is.Not.Null, result.ToString());
        Assert.That(result.Failure!.Reason, Is.EqualTo(reason), result.Failure.Detail);
        Assert.That(result.Failure.StatusCode, Is.EqualTo(code));
    }

    private sealed class ThrowingProfile(string subject) : ICertificateProfile
    {
        private readonly StiCertificateProfile _inner = new();

        public IReadOnlyCollection<string> HandledCriticalExtensions => _inner.HandledCriticalExtensions;

        public CertificateValidationResult Validate(X509Certificate2 leaf) =>
            leaf.Subject.Contains(subject, StringComparison.Ordinal) ? throw new KeyNotFoundException("a bug in a profile") : _inner.Validate(leaf);
    }
}
