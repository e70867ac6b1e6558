using StirShaken.Identity.Sip;
using StirShaken.Identity.Tests.Verification;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Sip;

/// <summary>RFC 8946 §7: a 301/302 carrying div PASSporTs, and the request that follows it.</summary>
public class SipRedirectTests
{
    private DiversionFixture _f = null!;

    [SetUp]
    public void SetUp() => _f = new DiversionFixture();

    [TearDown]
    public void TearDown() => _f.Dispose();

    [Test]
    public void Redirect_CopiesTheDialogHeaders_AddsContactAndTheDivIdentity()
    {
        var request = _f.Original();

        var response = _f.Diverter.CreateRedirect(request, DiversionFixture.C, DiversionFixture.RequestUri(DiversionFixture.C), toTag: "r1");

        Assert.That(response.StatusLine, Is.EqualTo("SIP/2.0 301 Moved Permanently"));
        Assert.That(response.Headers.Select(h => h.Name), Is.EqualTo(new[] { "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Identity", "Content-Length" }));
        Assert.That(response.Headers.Single(h => h.Name == "Contact").Value, Is.EqualTo("<" + DiversionFixture.RequestUri(DiversionFixture.C) + ">"));
        Assert.That(response.Headers.Single(h => h.Name == "Identity").Value, Does.EndWith(";ppt=\"div\""));
        Assert.That(response.Headers.Single(h => h.Name == "To").Value, Does.EndWith(";tag=r1"));
        Assert.That(SipMessage.Parse(response.ToString()).StatusCode, Is.EqualTo(301));
    }

    [Test]
    public void Redirect_RefusesNon3xxAndNoContact()
    {
        var request = _f.Original();

        Assert.That(() => SipRedirect.CreateResponse(request, SipStatus.Ok, ["sip:a@b"]), Throws.ArgumentException);
        Assert.That(() => SipRedirect.CreateResponse(request, SipRedirect.MovedTemporarily, []), Throws.ArgumentException);
        Assert.That(() => SipRedirect.CreateResponse(request, SipRedirect.MovedTemporarily, ["sip:a@b>\r\nX: y"]), Throws.ArgumentException);
    }

    [Test]
    public async Task FollowingTheRedirect_GivesANewRequestToTheContact_ThatVerifiesAsRedirected()
    {
        var request = _f.Original();
        var response = SipMessage.Parse(_f.Diverter.CreateRedirect(request, DiversionFixture.C, DiversionFixture.RequestUri(DiversionFixture.C), SipRedirect.MovedTemporarily).ToString());

        var followed = SipRedirect.FollowRedirect(request, response);

        Assert.That(followed.RequestUri, Is.EqualTo(DiversionFixture.RequestUri(DiversionFixture.C)));
        Assert.That(followed.GetHeader(SipHeaderNames.CSeq), Is.EqualTo("314160 INVITE"));
        Assert.That(followed.GetHeader(SipHeaderNames.Via), Does.Not.Contain("z9hG4bK776asdhds").And.Contain(";branch=z9hG4bK"));
        Assert.That(followed.GetHeader(SipHeaderNames.CallId), Is.EqualTo(request.GetHeader(SipHeaderNames.CallId)));
        Assert.That(followed.GetHeader(SipHeaderNames.To), Is.EqualTo(request.GetHeader(SipHeaderNames.To)), "no tag from the 3xx");
        Assert.That(followed.GetHeaderValues(SipHeaderNames.Identity), Is.EqualTo(request.GetHeaderValues(SipHeaderNames.Identity).Concat(response.GetHeaderValues(SipHeaderNames.Identity))));
        var result = await _f.Verifier(new VerifierOptions { DestinationSource = DestinationSource.RequestUri }).VerifyAsync(followed);
        Assert.That(result.IsSuccess, Is.True, string.Join("; ", result.Diversions));
        Assert.That(result.Diversion!.OriginalDestination, Is.EqualTo(new[] { DiversionFixture.B }));
    }

    [Test]
    public void Follow_RefusesA200_AndAnUnknownContact()
    {
        var request = _f.Original();
        var ok = SipMessage.Parse(SipResponse.Create(request, SipStatus.Ok).ToString());
        var redirect = SipMessage.Parse(SipRedirect.CreateResponse(request, SipRedirect.MovedPermanently, ["sip:+12125550199@example.net"]).ToString());

        Assert.That(() => SipRedirect.FollowRedirect(request, ok), Throws.ArgumentException);
        Assert.That(() => SipRedirect.FollowRedirect(request, redirect, "sip:other@example.net"), Throws.ArgumentException);
        Assert.That(SipRedirect.FollowRedirect(request, redirect).GetHeaderValues(SipHeaderNames.Identity), Has.Count.EqualTo(1), "a 3xx without Identity: the original only");
    }
}
