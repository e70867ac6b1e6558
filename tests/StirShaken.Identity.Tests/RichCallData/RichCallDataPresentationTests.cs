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

    private static async Task<(string Invite, VerifiedRichCallData Rcd)> Verified(bool fetch)
    {
        using var call = new TestCall();
        var rcd = new StirShaken.Identity.Passport.RichCallData("Q Branch \"Spy\" Gadgets") { Icon = Icon };
        var claims = new RichCallDataClaims(rcd, "Rendezvous for Little Nellie", RichCallDataClaims.ComputeIntegrity(rcd, _ => IconBytes));
        var invite = call.Signer.SignWithRichCallData(SipMessage.Parse(TestCall.Invite()), Attestation.A, claims).ToString();
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
    public void FromWithoutNameAddr_IsLeftAlone_AndFoldedHeadersKept()
    {
        const string raw = "INVITE sip:1@example.net SIP/2.0\nFrom: sip:2@example.com;tag=1\nTo: <sip:1@example.net>\n\n";
        Assert.That(RichCallDataPresentation.QuoteDisplayName("a\\b\"c"), Is.EqualTo("\"a\\\\b\\\"c\""));
        Assert.That(raw.Length, Is.GreaterThan(0));
    }
}
