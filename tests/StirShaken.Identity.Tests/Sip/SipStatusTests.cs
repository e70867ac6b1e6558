using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

public class SipStatusTests
{
    [Test]
    public void IdentityFailurePrecedence_Is438Then437Then403Then436Then428()
    {
        SipStatus[] ordered = [SipStatus.InvalidIdentityHeader, SipStatus.UnsupportedCredential, SipStatus.StaleDate, SipStatus.BadIdentityInfo, SipStatus.UseIdentityHeader, SipStatus.ServerInternalError];

        Assert.That(ordered.Select(s => s.IdentityFailurePrecedence), Is.Ordered.Descending);
        Assert.That(ordered.Select(s => s.IdentityFailurePrecedence).Distinct().Count(), Is.EqualTo(ordered.Length));
        Assert.That(SipStatus.ServerInternalError.IdentityFailurePrecedence, Is.Zero);
    }

    [TestCase(403, "Stale Date")]
    [TestCase(428, "Use Identity Header")]
    [TestCase(436, "Bad Identity Info")]
    [TestCase(437, "Unsupported Credential")]
    [TestCase(438, "Invalid Identity Header")]
    public void StirStatuses_CarryTheRfc8224Phrases(int code, string phrase)
    {
        SipStatus[] statuses = [SipStatus.StaleDate, SipStatus.UseIdentityHeader, SipStatus.BadIdentityInfo, SipStatus.UnsupportedCredential, SipStatus.InvalidIdentityHeader];

        Assert.That(statuses.Single(s => s.Code == code).ReasonPhrase, Is.EqualTo(phrase));
        Assert.That(statuses.Single(s => s.Code == code).ToString(), Is.EqualTo($"{code} {phrase}"));
    }

    [Test]
    public void Response_TakesCodeAndPhraseFromTheStatus()
    {
        var request = SipMessage.Parse("OPTIONS sip:a@example.net SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:b@example.com>;tag=1\r\nTo: <sip:a@example.net>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

        var response = SipResponse.Create(request, SipStatus.Ok, toTag: "x");

        Assert.That(response.StatusLine, Is.EqualTo("SIP/2.0 200 OK"));
        Assert.That(response.Status, Is.EqualTo(SipStatus.Ok));
        Assert.That(() => SipResponse.Create(request, new SipStatus(500, string.Empty)), Throws.ArgumentException);
    }
}
