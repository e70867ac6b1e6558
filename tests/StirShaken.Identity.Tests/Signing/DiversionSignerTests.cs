using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Tests.Verification;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Signing;

/// <summary>RFC 8946 §3 and §4.1: which div PASSporTs a retargeting authentication service produces.</summary>
public class DiversionSignerTests
{
    private DiversionFixture _f = null!;

    [SetUp]
    public void SetUp() => _f = new DiversionFixture();

    [TearDown]
    public void TearDown() => _f.Dispose();

    [Test]
    public void FirstRetarget_OneDiv_OrigCopied_DestNewTarget_DivPrevious_IatKept_FullForm_QuotedPpt()
    {
        var original = _f.Original();
        var shaken = PassportToken.TryParse(IdentityHeader.Parse(original.GetHeaderValues(SipHeaderNames.Identity)[0]).Token).GetValueOrThrow();

        var forwarded = _f.Diverter.Retarget(original, "+1 (212) 555-0199", DiversionFixture.RequestUri(DiversionFixture.C));

        var values = forwarded.GetHeaderValues(SipHeaderNames.Identity);
        Assert.That(values, Has.Count.EqualTo(2));
        Assert.That(values[0], Is.EqualTo(original.GetHeaderValues(SipHeaderNames.Identity)[0]), "the original Identity is kept, first");
        Assert.That(values[1], Does.EndWith($";info=<{DiversionFixture.DivX5u}>;alg=ES256;ppt=\"div\""));
        var div = PassportToken.TryParse(IdentityHeader.Parse(values[1]).Token).GetValueOrThrow();
        Assert.That(div.Header.ToCanonicalJson(), Is.EqualTo($"{{\"alg\":\"ES256\",\"ppt\":\"div\",\"typ\":\"passport\",\"x5u\":\"{DiversionFixture.DivX5u}\"}}"));
        Assert.That(div.Claims.ToCanonicalJson(), Is.EqualTo($"{{\"dest\":{{\"tn\":[\"{DiversionFixture.C}\"]}},\"div\":{{\"tn\":\"{DiversionFixture.B}\"}},\"iat\":{shaken.Claims.IssuedAt},\"orig\":{{\"tn\":\"{TestCall.Orig}\"}}}}"));
        Assert.That(div.Claims.Attest, Is.Null, "no other claim is copied");
        Assert.That(forwarded.RequestUri, Is.EqualTo(DiversionFixture.RequestUri(DiversionFixture.C)));
        Assert.That(forwarded.GetHeader(SipHeaderNames.To), Is.EqualTo(original.GetHeader(SipHeaderNames.To)));
    }

    [Test]
    public void NoIdentity_NoDiv()
    {
        var unsigned = SipMessage.Parse(TestCall.Invite());

        Assert.That(() => _f.Diverter.CreatePassports(unsigned, DiversionFixture.C), Throws.ArgumentException.With.Message.Contains("RFC 8946 §4.1"));
    }

    [Test]
    public void SameCanonicalTarget_NoDiv()
    {
        Assert.That(_f.Diverter.CreatePassports(_f.Original(), "+1-212-555-1213"), Is.Empty);
    }

    [Test]
    public void TwoOriginalsWithTheSameOrigAndDest_OneDiv_DifferentDest_Two()
    {
        var same = _f.Original().WithHeaderAdded(SipHeaderNames.Identity, _f.Original().GetHeaderValues(SipHeaderNames.Identity)[0]);
        var other = TestCall.RawJws(TestCall.ShakenHeader(), TestCall.ShakenPayload(dest: $"[\"{DiversionFixture.B}\",\"12125550001\"]"), _f.Call.Pki.LeafKey);
        var different = _f.Original().WithHeaderAdded(SipHeaderNames.Identity, $"{other};info=<{TestCall.X5u}>;ppt=shaken");

        Assert.That(_f.Diverter.CreatePassports(same, DiversionFixture.C), Has.Count.EqualTo(1));
        Assert.That(_f.Diverter.CreatePassports(different, DiversionFixture.C), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task SecondRetarget_OneDivPerDivWhoseDestIsTheCurrentTarget_AndTheChainVerifies()
    {
        var once = _f.Diverter.Retarget(_f.Original(), DiversionFixture.C, DiversionFixture.RequestUri(DiversionFixture.C));

        var twice = _f.Diverter.Retarget(once, DiversionFixture.D, DiversionFixture.RequestUri(DiversionFixture.D), historyInfoIndex: "1.2.1");

        var values = twice.GetHeaderValues(SipHeaderNames.Identity);
        Assert.That(values, Has.Count.EqualTo(3));
        var second = PassportToken.TryParse(IdentityHeader.Parse(values[2]).Token).GetValueOrThrow();
        Assert.That(second.Claims.Div, Is.EqualTo(new PassportDiversion(PassportIdentity.FromTn(DiversionFixture.C), "1.2.1")));
        var result = await _f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri }).VerifyAsync(twice);
        Assert.That(result.IsSuccess, Is.True, string.Join("; ", result.Diversions));
        Assert.That(result.Diversion!.Hops.Select(h => (h.From!.Tn, h.To[0], h.HistoryInfoIndex)),
            Is.EqualTo(new[] { (DiversionFixture.B, DiversionFixture.C, (string?)null), (DiversionFixture.C, DiversionFixture.D, "1.2.1") }));
    }

    [Test]
    public void NewDate_GivesANewIat_AndDateHeader()
    {
        var later = TestCall.Now.AddSeconds(20);

        var forwarded = _f.Diverter.Retarget(_f.Original(), DiversionFixture.C, issuedAt: later);

        var div = PassportToken.TryParse(IdentityHeader.Parse(forwarded.GetHeaderValues(SipHeaderNames.Identity)[1]).Token).GetValueOrThrow();
        Assert.That(div.Claims.IssuedAt, Is.EqualTo(later.ToUnixTimeSeconds()));
        Assert.That(forwarded.GetHeader(SipHeaderNames.Date), Is.EqualTo(SipDate.Format(later)));
    }
}
