using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Testing;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>RCD through the verifier: construction rules (RFC 9795 §5–§7), rcdi (§8.2), rcd PASSporT (§8, §10), constraints, display name.</summary>
public class RichCallDataVerificationTests
{
    private const string Icon = "https://brand.example.com/logo-64x64.png";
    private static readonly byte[] IconBytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFCAYAAACNbyblAAAAHElEQVQI12P4//8/w38GIAXDIBKE0DHxgljNBAAO9TXL0Y4OHwAAAABJRU5ErkJggg==");

    private TestCall _call = null!;

    [SetUp]
    public void SetUp() => _call = new TestCall();

    [TearDown]
    public void TearDown() => _call.Dispose();

    private static string Payload(string extra) => TestCall.ShakenPayload()[..^1] + extra + "}";

    private Task<VerificationResult> VerifyRaw(string extra, VerifierOptions? options = null, StirShakenVerifierDependencies? dependencies = null) =>
        Verifier(options, dependencies).VerifyAsync(_call.InviteWithRawPassport(TestCall.ShakenHeader(), Payload(extra))).AsTask();

    private StirShakenVerifier Verifier(VerifierOptions? options = null, StirShakenVerifierDependencies? dependencies = null) =>
        new(_call.Certificates, new CertificateValidator(_call.Pki.TrustAnchors), options,
            new StirShakenVerifierDependencies { TimeProvider = _call.Clock, RichCallDataContent = dependencies?.RichCallDataContent });

    [Test]
    public async Task ShakenWithRcd_Verifies_WithNameAndReason()
    {
        var result = await VerifyRaw(",\"rcd\":{\"nam\":\"Acme Pharmacy\"},\"crn\":\"Prescription ready\"");

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        var rcd = result.RichCallData!;
        Assert.That(rcd.Name, Is.EqualTo("Acme Pharmacy"));
        Assert.That(rcd.CallReason, Is.EqualTo("Prescription ready"));
        Assert.That(rcd.Ppt, Is.EqualTo("shaken"));
        Assert.That(rcd.Passport, Is.SameAs(result.Passport));
        Assert.That(rcd.IsSuccess, Is.True);
        Assert.That(rcd.Elements.Select(e => e.Pointer), Is.EqualTo(new[] { "/nam" }));
        Assert.That(rcd.DisplayName, Is.EqualTo(DisplayNameCheck.Mismatch), "From says \"Alice\"");
        Assert.That(rcd.FromDisplayName, Is.EqualTo("Alice"));
    }

    [Test]
    public async Task NoRcd_NullOnTheResult()
    {
        var result = await _call.Verifier().VerifyAsync(_call.SignedInvite());
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.RichCallData, Is.Null);
    }

    [TestCase(",\"rcd\":[{\"nam\":\"x\"}]", FailureReason.InvalidClaim, "must be a JSON object")]
    [TestCase(",\"rcd\":{}", FailureReason.MissingClaim, "no \\\"nam\\\"")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"nam\":\"y\"}", FailureReason.MalformedPassport, "")]
    [TestCase(",\"rcd\":{\"nam\":42}", FailureReason.InvalidClaim, "rcd.nam")]
    [TestCase(",\"rcd\":{\"nam\":\"a\\r\\nb\"}", FailureReason.InvalidClaim, "control")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"apn\":\"+1 202\"}", FailureReason.InvalidClaim, "rcd.apn")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"icn\":\"http://example.com/a.png\"}", FailureReason.InvalidClaim, "rcd.icn")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"jcl\":\"http://example.com/a.json\"}", FailureReason.InvalidClaim, "rcd.jcl")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"jcl\":\"https://example.com/a.json\",\"jcd\":[\"vcard\",[]]}", FailureReason.InvalidClaim, "mutually exclusive")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"jcd\":[\"vcard\"]}", FailureReason.InvalidClaim, "jCard")]
    [TestCase(",\"rcd\":{\"nam\":\"x\",\"jcd\":[\"vcard\",[[\"fn\",\"text\",\"x\"]]]}", FailureReason.InvalidClaim, "property 0")]
    [TestCase(",\"rcdi\":{\"/nam\":\"sha256-D2w3i40qS4CjXJ7NzZHvx2qGa5XhiBQO6PGyGz/9lWk\"}", FailureReason.InvalidClaim, "without \\\"rcd\\\"")]
    [TestCase(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":[]", FailureReason.InvalidClaim, "rcdi")]
    [TestCase(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":{\"/nam\":1}", FailureReason.InvalidClaim, "rcdi")]
    [TestCase(",\"crn\":7", FailureReason.InvalidClaim, "crn")]
    public async Task ConstructionRuleBroken_InvalidatesTheShakenPassport_438(string extra, FailureReason reason, string detail)
    {
        var result = await VerifyRaw(extra);

        Assert.That(result.IsSuccess, Is.False, result.ToString());
        Assert.That(result.Failure!.Reason, Is.EqualTo(reason));
        Assert.That(result.Failure.StatusCode, Is.EqualTo(438));
        Assert.That(result.Failure.Detail, Does.Contain(detail.Replace("\\\"", "\"", StringComparison.Ordinal)));
        Assert.That(result.RichCallData, Is.Null);
    }

    [Test]
    public async Task Quirks_EmptyCrnAndEmptyRcdi_AreTolerated()
    {
        // Deployed tokens carry "crn":"" and "rcdi":{} (README "Rich Call Data").
        var result = await VerifyRaw(",\"rcd\":{\"nam\":\"\"},\"rcdi\":{},\"crn\":\"\"");
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.RichCallData!.Name, Is.Empty);
        Assert.That(result.RichCallData.Claims.HasIntegrity, Is.True);
    }

    [Test]
    public async Task InlineDigests_CheckedWithoutFetching()
    {
        var good = await VerifyRaw(",\"rcd\":{\"nam\":\"Acme Pharmacy\"},\"rcdi\":{\"/nam\":\"sha256-D2w3i40qS4CjXJ7NzZHvx2qGa5XhiBQO6PGyGz/9lWk\"}");
        Assert.That(good.RichCallData!.IsSuccess, Is.True);

        var bad = await VerifyRaw(",\"rcd\":{\"nam\":\"Acme Pharmacy\"},\"rcdi\":{\"/nam\":\"sha256-iN9VepWWKfTmrGTccHkD+xPaElTTx4GnUJ+29UGPPH4\"}");
        Assert.That(bad.IsSuccess, Is.True, "an rcdi mismatch never fails the call (RFC 9795 §8.2)");
        Assert.That(bad.RichCallData!["/nam"]!.State, Is.EqualTo(RichCallDataElementState.DigestMismatch));
        Assert.That(bad.RichCallData.Unverified, Is.EqualTo(new[] { "/nam" }));
    }

    [Test]
    public async Task OrphanAndLegacyRcdiKeys_AreUnverifiedElements()
    {
        var result = await VerifyRaw(",\"rcd\":{\"nam\":\"x\"},\"rcdi\":{\"icn\":\"sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8\",\"/jcd/1\":\"sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8\"}");
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.RichCallData!["icn"]!.State, Is.EqualTo(RichCallDataElementState.DigestInvalid));
        Assert.That(result.RichCallData["/jcd/1"]!.State, Is.EqualTo(RichCallDataElementState.PointerNotFound));
        Assert.That(result.RichCallData.IsSuccess, Is.False);
    }

    [Test]
    public async Task Icon_FetchingOff_NotFetched_AndNeverFetched()
    {
        var source = new FakeContent { [Icon] = IconBytes };
        var digest = RichCallDataDigest.Compute(IconBytes);
        var result = await VerifyRaw($",\"rcd\":{{\"nam\":\"x\",\"icn\":\"{Icon}\"}},\"rcdi\":{{\"/icn\":\"{digest}\"}}", null, new() { RichCallDataContent = source });

        Assert.That(result.RichCallData!["/icn"]!.State, Is.EqualTo(RichCallDataElementState.NotFetched));
        Assert.That(result.RichCallData.Unverified, Is.EqualTo(new[] { "/icn" }));
        Assert.That(source.Requests, Is.Empty);
    }

    [Test]
    public async Task Icon_FetchingOn_DigestChecked()
    {
        var options = new VerifierOptions { RichCallData = new RichCallDataOptions { FetchContent = true } };
        var digest = RichCallDataDigest.Compute(IconBytes);
        var extra = $",\"rcd\":{{\"nam\":\"x\",\"icn\":\"{Icon}\"}},\"rcdi\":{{\"/icn\":\"{digest}\"}}";

        var good = await VerifyRaw(extra, options, new() { RichCallDataContent = new FakeContent { [Icon] = IconBytes } });
        Assert.That(good.RichCallData!.IsSuccess, Is.True);

        var tampered = await VerifyRaw(extra, options, new() { RichCallDataContent = new FakeContent { [Icon] = [.. IconBytes, 0] } });
        Assert.That(tampered.IsSuccess, Is.True);
        Assert.That(tampered.RichCallData!["/icn"]!.State, Is.EqualTo(RichCallDataElementState.DigestMismatch));

        var down = await VerifyRaw(extra, options, new() { RichCallDataContent = new FakeContent() });
        Assert.That(down.IsSuccess, Is.True);
        Assert.That(down.RichCallData!["/icn"]!.State, Is.EqualTo(RichCallDataElementState.FetchFailed));
    }

    [Test]
    public async Task Icon_WithoutDigest_IsDigestMissing()
    {
        var result = await VerifyRaw($",\"rcd\":{{\"nam\":\"x\",\"icn\":\"{Icon}\"}}");
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.RichCallData!["/icn"]!.State, Is.EqualTo(RichCallDataElementState.DigestMissing));
    }

    [Test]
    public async Task Jcl_FetchedAndDigested_ThenItsLogo()
    {
        const string jcl = "https://brand.example.com/acme.json";
        var jcard = File.ReadAllBytes(Vectors.Path("Rcd", "acme_jcard_compact.json"));
        var logo = "https://example.com/logos/acme-64x64.png";
        var source = new FakeContent { [jcl] = jcard, [logo] = IconBytes };
        var rcdi = $"{{\"/jcl\":\"{RichCallDataDigest.Compute(jcard, "sha384")}\",\"/jcl/1/3/3\":\"{RichCallDataDigest.Compute(IconBytes, "sha512", padded: true)}\"}}";
        var options = new VerifierOptions { RichCallData = new RichCallDataOptions { FetchContent = true } };

        var result = await VerifyRaw($",\"rcd\":{{\"nam\":\"Acme Pharmacy\",\"jcl\":\"{jcl}\"}},\"rcdi\":{rcdi}", options, new() { RichCallDataContent = source });

        Assert.That(result.RichCallData!.IsSuccess, Is.True, string.Join("; ", result.RichCallData.Elements));
        Assert.That(result.RichCallData.JCard!.FormattedName, Is.EqualTo("Acme Pharmacy"));
        Assert.That(result.RichCallData.Elements.Select(e => e.Pointer), Is.EqualTo(new[] { "/nam", "/jcl", "/jcl/1/3/3" }));
        Assert.That(source.Requests, Is.EqualTo(new[] { (jcl, RichCallDataContentKind.JCard), (logo, RichCallDataContentKind.Image) }));
    }

    [Test]
    public async Task Jcd_UriInside_NeedsItsDigest()
    {
        var jcd = File.ReadAllText(Vectors.Path("Rcd", "acme_jcard_compact.json"));
        var result = await VerifyRaw($",\"rcd\":{{\"nam\":\"Acme Pharmacy\",\"jcd\":{jcd}}},\"rcdi\":{{\"/jcd\":\"sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI\"}}");
        Assert.That(result.RichCallData!["/jcd"]!.State, Is.EqualTo(RichCallDataElementState.Verified));
        Assert.That(result.RichCallData["/jcd/1/3/3"]!.State, Is.EqualTo(RichCallDataElementState.DigestMissing));
        Assert.That(result.RichCallData.JCard!.Organization, Is.EqualTo("Acme Health Inc.;Pharmacy"));
    }

    [Test]
    public async Task DisplayName_MatchAndDiscardPolicy()
    {
        var match = await VerifyRaw(",\"rcd\":{\"nam\":\"Alice\"}");
        Assert.That(match.RichCallData!.DisplayName, Is.EqualTo(DisplayNameCheck.Match));

        var discard = await VerifyRaw(",\"rcd\":{\"nam\":\"Bob\"}", new VerifierOptions { RichCallData = new RichCallDataOptions { DisplayNameMismatch = DisplayNameMismatchPolicy.Discard } });
        Assert.That(discard.IsSuccess, Is.True);
        Assert.That(discard.RichCallData, Is.Null);
    }

    [Test]
    public async Task SigningRoundTrip_ShakenWithRcd_UnicodeName()
    {
        var rcd = new StirShaken.Identity.Passport.RichCallData("Zoë \"Q\" Ångström") { Icon = Icon };
        var integrity = RichCallDataClaims.ComputeIntegrity(rcd, url => url == Icon ? IconBytes : null, includeInlineValues: true);
        var claims = new RichCallDataClaims(rcd, "Rendezvous", integrity);
        var signed = _call.Signer.SignWithRichCallData(SipMessage.Parse(TestCall.Invite()), Attestation.A, claims).ToString();
        var options = new VerifierOptions { RichCallData = new RichCallDataOptions { FetchContent = true } };

        var result = await Verifier(options, new() { RichCallDataContent = new FakeContent { [Icon] = IconBytes } }).VerifyAsync(signed);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.RichCallData!.Name, Is.EqualTo("Zoë \"Q\" Ångström"));
        Assert.That(result.RichCallData.IsSuccess, Is.True, string.Join("; ", result.RichCallData.Elements));
        Assert.That(result.RichCallData.Elements.Select(e => e.Pointer), Is.EqualTo(new[] { "/nam", "/icn" }));
    }

    [Test]
    public async Task SeparateRcdPassport_FirstParty_UsedWhenShakenVerifies()
    {
        var claims = new RichCallDataClaims(new StirShaken.Identity.Passport.RichCallData("Acme Pharmacy"), "Refill reminder");
        var signed = _call.Signer.SignWithRichCallData(SipMessage.Parse(TestCall.Invite()), Attestation.A, claims, separatePassport: true).ToString();
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };

        var result = await Verifier(options).VerifyAsync(signed);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Headers.Select(h => h.Ppt), Is.EqualTo(new[] { "shaken", "rcd" }));
        Assert.That(result.RichCallData!.Ppt, Is.EqualTo("rcd"));
        Assert.That(result.RichCallData.Name, Is.EqualTo("Acme Pharmacy"));
        Assert.That(result.RichCallData.CallReason, Is.EqualTo("Refill reminder"));

        var shakenOnly = await _call.Verifier().VerifyAsync(signed);
        Assert.That(shakenOnly.RichCallData, Is.Null, "rcd is not in the default SupportedPpts: the header is skipped");
    }

    [Test]
    public async Task SeparateRcdPassport_Alone_NeverPassesTheCall_AndThirdPartyForOtherNumber_IsIgnored()
    {
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };
        var rcdOnly = _call.InviteWithRawPassport(TestCall.ShakenHeader(ppt: "rcd"), $"{{\"dest\":{{\"tn\":[\"{TestCall.Dest}\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{TestCall.Orig}\"}},\"rcd\":{{\"nam\":\"x\"}}}}",
            parameters: $";info=<{TestCall.X5u}>;ppt=rcd");
        var alone = await Verifier(options).VerifyAsync(rcdOnly);
        Assert.That(alone.Status, Is.EqualTo(VerificationStatus.NoIdentity));
        Assert.That(alone.Headers.Single().Status, Is.EqualTo(IdentityHeaderStatus.Verified));

        var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var other = TestCall.RawJws(TestCall.ShakenHeader(ppt: "rcd"), $"{{\"dest\":{{\"tn\":[\"{TestCall.Dest}\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"iss\":\"Brand Co\",\"orig\":{{\"tn\":\"19995550000\"}},\"rcd\":{{\"nam\":\"x\"}}}}", _call.Pki.LeafKey);
        var invite = TestCall.Invite(extraHeaders: [$"Identity: {shaken};info=<{TestCall.X5u}>;ppt=shaken", $"Identity: {other};info=<{TestCall.X5u}>;ppt=rcd"]);
        var result = await Verifier(options).VerifyAsync(invite);
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.RichCallData, Is.Null, "third-party RCD for a number no valid first-party PASSporT vouches for (RFC 9795 §10.2)");
    }

    private string RcdPayload(string orig, string extra) =>
        $"{{\"dest\":{{\"tn\":[\"{TestCall.Dest}\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()}{extra},\"orig\":{{\"tn\":\"{orig}\"}},\"rcd\":{{\"nam\":\"Brand Co Support\"}}}}";

    [Test]
    public async Task SeparateRcdPassport_ThirdParty_ForTheVouchedNumber_IsUsed()
    {
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };
        var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var thirdParty = TestCall.RawJws(TestCall.ShakenHeader(ppt: "rcd"), RcdPayload(TestCall.Orig, ",\"iss\":\"Brand Co\""), _call.Pki.LeafKey);
        var invite = TestCall.Invite(extraHeaders: [$"Identity: {shaken};info=<{TestCall.X5u}>;ppt=shaken", $"Identity: {thirdParty};info=<{TestCall.X5u}>;ppt=rcd"]);

        var result = await Verifier(options).VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.RichCallData!.Ppt, Is.EqualTo("rcd"));
        Assert.That(result.RichCallData.IsThirdParty, Is.True);
        Assert.That(result.RichCallData.Claims.Issuer, Is.EqualTo("Brand Co"));
        Assert.That(result.RichCallData.Name, Is.EqualTo("Brand Co Support"));
    }

    [Test]
    public async Task SeparateRcdPassport_CompactForm_IsRefused_ItsRcdNotUsed()
    {
        // README "Rich Call Data", decision 7: no compact rcd PASSporT is rebuilt from the From display-name / Call-Info.
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };
        var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var full = TestCall.RawJws(TestCall.ShakenHeader(ppt: "rcd"), RcdPayload(TestCall.Orig, string.Empty), _call.Pki.LeafKey).Split('.');
        var invite = TestCall.Invite(extraHeaders: [$"Identity: {shaken};info=<{TestCall.X5u}>;ppt=shaken", $"Identity: ..{full[2]};info=<{TestCall.X5u}>;alg=ES256;ppt=rcd"]);

        var result = await Verifier(options).VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Headers[1].Failure?.Reason, Is.EqualTo(FailureReason.CompactFormNotAllowed));
        Assert.That(result.RichCallData, Is.Null);
    }

    [Test]
    public async Task SeparateRcdPassport_ClaimConstraintsViolated_ItsRcdNotUsed_CallStillPasses()
    {
        // RFC 9795 §8.1: a violated constraint means no claim of that PASSporT is used; the SHAKEN PASSporT is unaffected.
        var constraints = new JwtClaimConstraints(null, new Dictionary<string, IReadOnlyList<string>> { ["rcd"] = ["{\"nam\":\"Brand Co\"}"] }, null);
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { ClaimConstraints = constraints });
        using var _ = key;
        const string x5u = "https://cert.example.org/rcd-constrained.pem";
        _call.Certificates.Add(x5u, chain);
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };
        var shaken = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(), _call.Pki.LeafKey);
        var rcd = TestCall.RawJws(TestCall.ShakenHeader(x5u: x5u, ppt: "rcd"), RcdPayload(TestCall.Orig, string.Empty), key);
        var invite = TestCall.Invite(extraHeaders: [$"Identity: {shaken};info=<{TestCall.X5u}>;ppt=shaken", $"Identity: {rcd};info=<{x5u}>;ppt=rcd"]);

        var result = await Verifier(options).VerifyAsync(invite);

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.Headers[1].Failure?.Reason, Is.EqualTo(FailureReason.ClaimConstraintsViolated), "\"Brand Co Support\" is not the permitted rcd");
        Assert.That(result.RichCallData, Is.Null);
    }

    [Test]
    public async Task RcdPassport_WithNeitherRcdNorCrn_Fails()
    {
        var options = new VerifierOptions { SupportedPpts = new HashSet<string> { "shaken", "rcd" } };
        var invite = _call.InviteWithRawPassport(TestCall.ShakenHeader(ppt: "rcd"), $"{{\"dest\":{{\"tn\":[\"{TestCall.Dest}\"]}},\"iat\":{TestCall.Now.ToUnixTimeSeconds()},\"orig\":{{\"tn\":\"{TestCall.Orig}\"}}}}",
            parameters: $";info=<{TestCall.X5u}>;ppt=rcd");
        var result = await Verifier(options).VerifyAsync(invite);
        Assert.That(result.Headers.Single().Failure!.Reason, Is.EqualTo(FailureReason.MissingClaim));
    }

    [Test]
    public async Task CertificateClaimConstraints_EnforcedOnTheShakenPassport()
    {
        var constraints = new JwtClaimConstraints(["rcd"], new Dictionary<string, IReadOnlyList<string>> { ["crn"] = ["Refill reminder"] }, ["div"]);
        var (chain, key) = _call.Pki.IssueLeaf(new TestLeafOptions { ClaimConstraints = constraints });
        using var _ = key;
        const string x5u = "https://cert.example.org/rcd.pem";
        _call.Certificates.Add(x5u, chain);
        using var signer = new PassportSigner(key, x5u, _call.Clock);
        var request = new SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A);

        async Task<VerificationResult> Verify(PassportToken token) =>
            await Verifier().VerifyAsync(TestCall.Invite(extraHeaders: "Identity: " + signer.CreateIdentityHeader(token)));

        var ok = await Verify(signer.CreatePassport(request, new RichCallDataClaims(new("Acme"), "Refill reminder")));
        Assert.That(ok.IsSuccess, Is.True, ok.ToString());

        var noRcd = await Verify(signer.CreatePassport(request));
        Assert.That(noRcd.Failure!.Reason, Is.EqualTo(FailureReason.ClaimConstraintsViolated));
        Assert.That(noRcd.Failure.StatusCode, Is.EqualTo(438));

        var otherReason = await Verify(signer.CreatePassport(request, new RichCallDataClaims(new("Acme"), "Win a cruise")));
        Assert.That(otherReason.Failure!.Reason, Is.EqualTo(FailureReason.ClaimConstraintsViolated));
        Assert.That(otherReason.RichCallData, Is.Null);
    }

    [Test]
    public async Task ThirdPartyRcd_InsideTheShakenPassport_IsNotPresented_TheCallStillVerifies()
    {
        var result = await VerifyRaw(",\"iss\":\"Brand Co\",\"rcd\":{\"nam\":\"Brand Co Support\"}");

        Assert.That(result.IsSuccess, Is.True, result.ToString());
        Assert.That(result.RichCallData, Is.Null, "RFC 9795 §12.1: third-party RCD only in a ppt=rcd PASSporT");
    }

    [Test]
    public void ThirdPartyRcd_CannotGoInTheShakenPassport()
    {
        var request = new SigningRequest(TestCall.Orig, [TestCall.Dest], Attestation.A);
        Assert.Throws<ArgumentException>(() => _call.Signer.CreatePassport(request, new RichCallDataClaims(new("x"), issuer: "Brand Co")));
        var token = _call.Signer.CreateRichCallDataPassport(request, new RichCallDataClaims(new("x"), issuer: "Brand Co"));
        Assert.That(token.Header.Ppt, Is.EqualTo("rcd"));
        Assert.That(token.Claims.OtherClaims["iss"].GetString(), Is.EqualTo("Brand Co"));
    }

    internal sealed class FakeContent : Dictionary<string, byte[]>, IRichCallDataContentSource
    {
        public List<(string, RichCallDataContentKind)> Requests { get; } = [];

        public ValueTask<RichCallDataContent> GetAsync(string url, RichCallDataContentKind kind, CancellationToken cancellationToken)
        {
            Requests.Add((url, kind));
            return new(TryGetValue(url, out var body) ? RichCallDataContent.Ok(body) : RichCallDataContent.Fail("HttpStatus: HTTP 404"));
        }
    }
}
