using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

public class SipResponseTests
{
    private const string Request = "INVITE sip:+12125551213@example.net SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP proxy.example.net;branch=z9hG4bK2\r\n"
        + "v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
        + "f: <sip:+12155551212@example.com>;tag=1\r\n"
        + "t: <sip:+12125551213@example.net>;tag=existing\r\n"
        + "i: c1\r\nCSeq: 7 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    [Test]
    public void Response_CopiesTheRfc3261DialogHeadersInOrder_KeepsAnExistingToTag_AndAddsExtras()
    {
        var response = SipResponse.Create(SipMessage.Parse(Request), SipStatus.Ok, [new SipHeaderField("Contact", "<sip:uas@192.0.2.9>")]);

        Assert.That(response.ToString(), Is.EqualTo("SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP proxy.example.net;branch=z9hG4bK2\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
            + "From: <sip:+12155551212@example.com>;tag=1\r\n"
            + "To: <sip:+12125551213@example.net>;tag=existing\r\n"
            + "Call-ID: c1\r\nCSeq: 7 INVITE\r\n"
            + "Contact: <sip:uas@192.0.2.9>\r\n"
            + "Content-Length: 0\r\n\r\n"));
        Assert.That(response.ReasonHeaderValue, Is.Null);
    }

    [Test]
    public void ToWithoutTag_GetsTheGivenTag()
    {
        var request = SipMessage.Parse(Request.Replace(";tag=existing", string.Empty, StringComparison.Ordinal));

        var response = SipResponse.Create(request, new SipStatus(501, "Not Implemented"), toTag: "abc");

        Assert.That(response.Headers.Single(h => h.Name == "To").Value, Is.EqualTo("<sip:+12125551213@example.net>;tag=abc"));
    }
}
