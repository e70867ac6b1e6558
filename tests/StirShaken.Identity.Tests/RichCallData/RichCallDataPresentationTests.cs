using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>RFC 9796 presentation of verified RCD on the forwarded INVITE.</summary>
public class RichCallDataPresentationTests
{
    private const string Icon = "https://brand.example.com/logo-64x64.png";
    private static readonly byte[] IconBytes = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    private static Task<(string Invite, VerifiedRichCallData Rcd)> Verified(bool fetch) =>
        Verified(fetch, "Q Branch \"Spy\" Gadgets", "Rendezvous for Little Nellie", Icon);

    private static async Task<(string Invite, VerifiedRichCallData Rcd)> Verified(bool fetch, string nam, string? crn, string? icon, string? from = null, params string[] extraHeaders)
    {
        using var call = new TestCall();
        var rcd = new StirShaken.Identity.Passport.RichCallData(nam) { Icon = icon };
        var claims = new RichCallDataClaims(rcd, crn, RichCallDataClaims.ComputeIntegrity(rcd, _ => IconBytes));
        var unsigned = TestCall.Invite(extraHeaders: extraHeaders);
        if (from is not null)
        {
            unsigned = unsigned.Replace("From: \"Alice\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1928301774", from, StringComparison.Ordinal);
        }

        var invite = call.Signer.SignWithRichCallData(SipMessage.Parse(unsigned), Attestation.A, claims).ToString();
        var verifier = new StirShakenVerifier(call.Certificates, new CertificateValidator(call.Pki.TrustAnchors),
            new VerifierOptions { RichCallData = new RichCallDataOptions { FetchContent = fetch } },
            new StirShakenVerifierDependencies { TimeProvider = call.Clock, RichCallDataContent = new RichCallDataVerificationTests.FakeContent { [Icon] = IconBytes } });
        var result = await verifier.VerifyAsync(invite);
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        return (invite, result.RichCallData!);
    }

    [Test]
    public async Task VerifiedIconNameAndReason_BecomeCallInfo_AndTheFromDisplayName()
    {
        var (invite, rcd) = await Verified(fetch: true);
        var digest = RichCallDataDigest.Compute(IconBytes);

        Assert.That(RichCallDataPresentation.CallInfoValues(rcd), Is.EqualTo(new[]
        {
            $"<{Icon}>;purpose=icon;verified=\"true\";integrity=\"{digest}\"",
            "<data:>;purpose=jcard;call-reason=\"Rendezvous for Little Nellie\";verified=\"true\"",
        }));

        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        var expected = invite
            .Replace("From: \"Alice\" <sip:", "From: \"Q Branch \\\"Spy\\\" Gadgets\" <sip:", StringComparison.Ordinal)
            .Replace("\r\n\r\n", $"\r\nCall-Info: <{Icon}>;purpose=icon;verified=\"true\";integrity=\"{digest}\"\r\nCall-Info: <data:>;purpose=jcard;call-reason=\"Rendezvous for Little Nellie\";verified=\"true\"\r\n\r\n", StringComparison.Ordinal);
        Assert.That(forwarded, Is.EqualTo(expected), "everything else is byte-identical");
        Assert.That(SipMessage.TryParse(forwarded).IsSuccess, Is.True);
    }

    [Test]
    public async Task IconNotFetched_GoesWithIntegrityButNotVerified()
    {
        var (_, rcd) = await Verified(fetch: false);
        Assert.That(RichCallDataPresentation.CallInfoValues(rcd)[0], Is.EqualTo($"<{Icon}>;purpose=icon;integrity=\"{RichCallDataDigest.Compute(IconBytes)}\""));
    }

    [Test]
    public void QuoteDisplayName_EscapesQuoteAndBackslashAsQuotedPairs() =>
        Assert.That(RichCallDataPresentation.QuoteDisplayName("a\\b\"c"), Is.EqualTo("\"a\\\\b\\\"c\""));

    // ---- RFC 9796 presentation: upstream RCD Call-Info never reaches the callee looking verified ----

    private const string Spoofed = "Call-Info: <https://evil.example/bank-64x64.png>;purpose=icon;verified=\"true\"";

    private static string WithoutLine(string invite, string line) => invite.Replace(line + "\r\n", string.Empty, StringComparison.Ordinal);

    [TestCase("Call-Info: <https://evil.example/bank-64x64.png>;purpose=icon")]
    [TestCase("Call-Info: <https://evil.example/bank.json>;purpose=jcard")]
    [TestCase("Call-Info: <https://evil.example/bank.json>;purpose=rcd-jcard")]
    [TestCase("Call-Info: <data:>;purpose=jcard;call-reason=\"Your bank: fraud alert\";verified=\"true\"")]
    [TestCase("Call-Info: <http://www.example.com/alice/>;purpose=info;verified=true")]
    [TestCase("Call-Info: <http://www.example.com/alice/>;purpose=info;call-reason=\"Fraud alert\"")]
    [TestCase("Call-Info: <http://www.example.com/alice/>;purpose=info;integrity=\"sha256-AAAA\"")]
    [TestCase("call-info:<https://evil.example/x.png> ; PURPOSE = ICON")]
    [TestCase("Call-Info: <https://a.example/\">;purpose=info, <https://evil.example/x.png>;purpose=icon;verified=\"true\"")]
    public async Task UpstreamRcdCallInfo_IsRemoved_EveryOtherByteKept(string upstream)
    {
        var (signed, rcd) = await Verified(fetch: true, "Acme Pharmacy", "Prescription ready", Icon);
        var invite = signed.Replace("Content-Length: 0\r\n", upstream + "\r\nContent-Length: 0\r\n", StringComparison.Ordinal); // as received

        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        var stripped = RichCallDataPresentation.RemoveUpstreamRichCallData(invite);

        Assert.That(stripped, Is.EqualTo(WithoutLine(invite, upstream)), "the one header goes, every other byte stays");
        Assert.That(forwarded, Is.EqualTo(RichCallDataPresentation.Apply(WithoutLine(invite, upstream), rcd)));
        Assert.That(forwarded, Does.Not.Contain("evil.example").And.Not.Contain("Fraud").And.Not.Contain("fraud").And.Not.Contain("alice/"));
        Assert.That(forwarded, Does.Contain("call-reason=\"Prescription ready\";verified=\"true\""), "ours is added");
    }

    [Test]
    public void MixedHeader_KeepsItsOtherEntries_AndFoldedRcdHeaderGoesWithItsContinuation()
    {
        var raw = "INVITE sip:1@example.net SIP/2.0\r\n"
            + "From: <sip:2@example.com>;tag=1\r\n"
            + "Call-Info: <http://www.example.com/alice/photo.jpg> ;purpose=info, <https://evil.example/x.png>;purpose=icon,\r\n <http://www.example.com/alice/>;purpose=card\r\n"
            + "Call-Info: <https://evil.example/card.json>;purpose=jcard;\r\n\tverified=\"true\"\r\n"
            + "Call-Info: <http://www.example.com/alice/>;purpose=info\r\n"
            + "Content-Length: 0\r\n\r\n";

        Assert.That(RichCallDataPresentation.RemoveUpstreamRichCallData(raw), Is.EqualTo(
            "INVITE sip:1@example.net SIP/2.0\r\n"
            + "From: <sip:2@example.com>;tag=1\r\n"
            + "Call-Info: <http://www.example.com/alice/photo.jpg> ;purpose=info,\r\n <http://www.example.com/alice/>;purpose=card\r\n"
            + "Call-Info: <http://www.example.com/alice/>;purpose=info\r\n"
            + "Content-Length: 0\r\n\r\n"));
    }

    [Test]
    public void NoRcdCallInfo_RequestUnchanged()
    {
        var raw = TestCall.Invite(extraHeaders: "Call-Info: <http://www.example.com/alice/photo.jpg>;purpose=info");
        Assert.That(RichCallDataPresentation.RemoveUpstreamRichCallData(raw), Is.SameAs(raw).Or.EqualTo(raw));
        Assert.That(RichCallDataPresentation.RemoveUpstreamRichCallData(raw.Replace("\r\n", "\n", StringComparison.Ordinal) + "body"),
            Is.EqualTo(raw.Replace("\r\n", "\n", StringComparison.Ordinal) + "body"), "LF endings and a body are kept");
    }

    // ---- RFC 3261 §25.1 display-name presentation of nam ----

    [Test]
    public async Task NamWithQuotesAndBackslash_EscapedInFrom_AndReadsBackEqual()
    {
        const string nam = "Q \"Branch\" \\ Gadgets";
        var (invite, rcd) = await Verified(fetch: true, nam, null, null);
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);

        var from = SipMessage.Parse(forwarded).GetAddresses(SipHeaderNames.From)[0].Value!;
        Assert.That(forwarded, Does.Contain("From: \"Q \\\"Branch\\\" \\\\ Gadgets\" <sip:"));
        Assert.That(from.DisplayName, Is.EqualTo(nam), "unescaping the quoted-pairs gives the signed nam back");
        Assert.That(RichCallDataPresentation.CallInfoValues(rcd), Is.EqualTo(new[] { "<data:>;purpose=jcard;verified=\"true\"" }));
    }

    [Test]
    public async Task TooLongNam_PresentedCut_NotMarkedVerified_SignedValueKept()
    {
        var nam = new string('A', 100) + " " + new string('B', 100);
        var (invite, rcd) = await Verified(fetch: true, nam, null, null);
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);

        var shown = SipMessage.Parse(forwarded).GetAddresses(SipHeaderNames.From)[0].Value!.DisplayName!;
        Assert.That(rcd.Name, Is.EqualTo(nam), "the result keeps the signed value");
        Assert.That(shown, Has.Length.EqualTo(RichCallDataPresentation.MaxDisplayNameLength));
        Assert.That(shown, Is.EqualTo(nam[..127] + "\u2026"));
        Assert.That(RichCallDataPresentation.CallInfoValues(rcd), Is.Empty, "a changed name is not claimed verified");
        Assert.That(forwarded, Does.Not.Contain("verified"));
    }

    [Test]
    public async Task BidiOverrideInNam_Removed_NotMarkedVerified()
    {
        var (invite, rcd) = await Verified(fetch: true, "Acme \u202Eycamrahp", null, null);
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        Assert.That(forwarded, Does.Contain("From: \"Acme ycamrahp\" <sip:"));
        Assert.That(forwarded, Does.Not.Contain("verified"));
    }

    [Test]
    public async Task UnicodeNam_PresentedAsUtf8_Verified()
    {
        var (invite, rcd) = await Verified(fetch: true, "Café Zürich 東京 😀", null, null);
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        Assert.That(forwarded, Does.Contain("From: \"Café Zürich 東京 😀\" <sip:"));
        Assert.That(forwarded, Does.Contain("Call-Info: <data:>;purpose=jcard;verified=\"true\""));
    }

    [Test]
    public async Task EmptyNam_FromKeepsItsName_NoVerifiedMarker()
    {
        var (invite, rcd) = await Verified(fetch: true, "", "Appointment reminder", null);
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        Assert.That(forwarded, Does.Contain("From: \"Alice\" <sip:"));
        Assert.That(RichCallDataPresentation.CallInfoValues(rcd), Is.EqualTo(new[] { "<data:>;purpose=jcard;call-reason=\"Appointment reminder\"" }));
    }

    [Test]
    public async Task UnpresentableCallReason_NotPresented()
    {
        var (_, rcd) = await Verified(fetch: true, "Acme", new string('r', 200), null);
        Assert.That(rcd.CallReason, Has.Length.EqualTo(200));
        Assert.That(RichCallDataPresentation.CallInfoValues(rcd), Is.EqualTo(new[] { "<data:>;purpose=jcard;verified=\"true\"" }));
    }

    [Test]
    public async Task AddrSpecFrom_BecomesNameAddr_WithItsParametersKept()
    {
        var (invite, rcd) = await Verified(fetch: true, "Acme", null, null, from: "From: sip:+1-215-555-1212@example.com;tag=1928301774");
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        Assert.That(forwarded, Does.Contain("\r\nFrom: \"Acme\" <sip:+1-215-555-1212@example.com>;tag=1928301774\r\n"));
        Assert.That(SipMessage.Parse(forwarded).GetAddresses(SipHeaderNames.From)[0].Value!.Tag, Is.EqualTo("1928301774"));
    }

    [Test]
    public async Task FoldedFrom_LeftAlone_NameNotMarkedVerified()
    {
        var (signed, rcd) = await Verified(fetch: true, "Acme", null, null);
        var invite = signed.Replace("From: \"Alice\" <sip:", "From: \"Evil Bank\"\r\n <sip:", StringComparison.Ordinal); // folded as received
        var forwarded = RichCallDataPresentation.Apply(invite, rcd);
        Assert.That(forwarded, Does.Contain("From: \"Evil Bank\"\r\n <sip:"));
        Assert.That(forwarded, Does.Not.Contain("verified"), "the unsigned From name is never presented as verified");
    }

    [TestCase("a\r\nVia: SIP/2.0/UDP evil", "\"a  Via: SIP/2.0/UDP evil\"")]
    [TestCase("a\u0000b\tc\u007Fd", "\"a b c d\"")]
    [TestCase("", "\"\"")]
    public void QuoteDisplayName_NeverBreaksTheHeader(string name, string expected) =>
        Assert.That(RichCallDataPresentation.QuoteDisplayName(name), Is.EqualTo(expected));

    [Test]
    public void QuoteDisplayName_CutsWithoutSplittingASurrogatePair_AndReplacesALoneOne()
    {
        Assert.That(RichCallDataPresentation.QuoteDisplayName("x" + '\uD800' + "y"), Is.EqualTo("\"x\uFFFDy\""));
        var quoted = RichCallDataPresentation.QuoteDisplayName(new string('a', 126) + "😀" + "tail");
        Assert.That(quoted, Is.EqualTo("\"" + new string('a', 126) + "\u2026\""));
    }

    // ---- RFC 9795 §12.2 display-name check, after RFC 3261 unquoting ----

    [TestCase("From: \"Q \\\"Spy\\\" \\\\ Gadgets\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Q \"Spy\" \\ Gadgets", DisplayNameCheck.Match)]
    [TestCase("From: Acme   Pharmacy <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Acme Pharmacy", DisplayNameCheck.Match)]
    [TestCase("From: \"Acme   Pharmacy\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Acme Pharmacy", DisplayNameCheck.Mismatch)]
    [TestCase("From: \"Cafe\u0301\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Caf\u00E9", DisplayNameCheck.Match)]
    [TestCase("From: \"acme\" <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Acme", DisplayNameCheck.Mismatch)]
    [TestCase("From: <sip:+1-215-555-1212@example.com;user=phone>;tag=1", "Acme", DisplayNameCheck.NoDisplayName)]
    public async Task DisplayNameCheck_ComparesTheUnquotedFromName(string from, string nam, DisplayNameCheck expected)
    {
        var (_, rcd) = await Verified(fetch: false, nam, null, null, from: from);
        Assert.That(rcd.DisplayName, Is.EqualTo(expected), rcd.FromDisplayName);
    }
}
