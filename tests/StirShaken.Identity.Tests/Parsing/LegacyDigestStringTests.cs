using System.Text;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Parsing;

/// <summary>RFC 4474 §9 digest-string built from the request as received.</summary>
public class LegacyDigestStringTests
{
    private const string Date = "Mon, 23 Nov 2026 12:00:00 GMT";

    [Test]
    public void DigestString_JoinsTheSevenFieldsWithBars_BodyWithCrlfAsReceived()
    {
        var digest = Build(LegacyCall.Invite(date: Date));

        Assert.That(digest.ToString(), Is.EqualTo(
            "sip:alice@example.com|sip:bob@biloxi.example.org|a84b4c76e66710|314159 INVITE|" + Date + "|sip:alice@192.0.2.1|" + LegacyCall.Sdp));
        Assert.That(digest.Body.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes(LegacyCall.Sdp)));
        Assert.That(LegacyCall.Sdp, Does.Contain("\r\n"));
        Assert.That(digest.Bytes.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes(digest.ToString())));
    }

    [Test]
    public void MissingContactAndBody_KeepTheirSeparators()
    {
        var digest = Build(LegacyCall.Invite(date: Date, contact: false, body: string.Empty));

        Assert.That(digest.ToString(), Is.EqualTo("sip:alice@example.com|sip:bob@biloxi.example.org|a84b4c76e66710|314159 INVITE|" + Date + "||"));
        Assert.That(digest.ContactAddrSpec, Is.Empty);
    }

    [Test]
    public void FoldingCompactNamesDisplayNamesAndParameters_DoNotChangeIt()
    {
        var plain = Build(LegacyCall.Invite(date: Date));
        var rewritten = LegacyCall.Invite(date: Date)
            .Replace("From: \"Alice\" <sip:alice@example.com>;tag=1928301774", "f: Alice\r\n\t<sip:alice@example.com> ;tag=1928301774", StringComparison.Ordinal)
            .Replace("To: Bob <sip:bob@biloxi.example.org>", "t: sip:bob@biloxi.example.org;tag=x", StringComparison.Ordinal)
            .Replace("Call-ID: a84b4c76e66710", "i:\ta84b4c76e66710  ", StringComparison.Ordinal)
            .Replace("CSeq: 314159 INVITE", "CSeq: 314159\r\n  INVITE", StringComparison.Ordinal)
            .Replace("Contact: <sip:alice@192.0.2.1>", "m: <sip:alice@192.0.2.1>;expires=60, <sip:other@192.0.2.2>", StringComparison.Ordinal);

        Assert.That(Build(rewritten).ToString(), Is.EqualTo(plain.ToString()));
    }

    [Test]
    public void BodyBeyondContentLength_IsNotSigned()
    {
        var digest = Build(LegacyCall.Invite(date: Date) + "garbage");

        Assert.That(Encoding.UTF8.GetString(digest.Body.Span), Is.EqualTo(LegacyCall.Sdp));
    }

    [TestCase("From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n", ParseErrorCode.MissingHeader, TestName = "MissingFrom_IsMissingHeader")]
    [TestCase("Call-ID: a84b4c76e66710\r\n", ParseErrorCode.MissingHeader, TestName = "MissingCallId_IsMissingHeader")]
    [TestCase("CSeq: 314159 INVITE\r\n", ParseErrorCode.MissingHeader, TestName = "MissingCSeq_IsMissingHeader")]
    public void MissingRequiredField_Fails(string line, ParseErrorCode code)
    {
        var result = LegacyDigestString.TryBuild(SipMessage.Parse(LegacyCall.Invite(date: Date).Replace(line, string.Empty, StringComparison.Ordinal)));

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(code));
    }

    [Test]
    public void MalformedCSeq_Fails()
    {
        var result = LegacyDigestString.TryBuild(SipMessage.Parse(LegacyCall.Invite(date: Date).Replace("CSeq: 314159 INVITE", "CSeq: one INVITE", StringComparison.Ordinal)));

        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidHeaderLine));
    }

    private static LegacyDigestString Build(string message) => LegacyDigestString.TryBuild(SipMessage.Parse(message)).GetValueOrThrow();
}
