using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipMessageTests
{
    private static SipMessage Parse(string text) => SipMessage.Parse(text);

    [Test]
    public void RequestLine_ExposesMethodAndRequestUri()
    {
        var m = Parse(SampleMessages.Invite);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.IsRequest, Is.True);
            Assert.That(m.Method, Is.EqualTo("INVITE"));
            Assert.That(m.RequestUri, Is.EqualTo("sip:+12125551213@example.com;user=phone"));
            Assert.That(m.StatusCode, Is.Null);
            Assert.That(m.Headers, Has.Count.EqualTo(12));
            Assert.That(m.Body, Is.EqualTo("v=0\r\no=- 0 0 IN IP4 x\r\n"));
        }
    }

    [Test]
    public void StatusLine_IsParsedAsResponse()
    {
        var m = Parse("SIP/2.0 438 Invalid Identity Header\r\nCall-ID: x\r\n\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.IsRequest, Is.False);
            Assert.That(m.Method, Is.Null);
            Assert.That(m.RequestUri, Is.Null);
            Assert.That(m.StatusCode, Is.EqualTo(438));
            Assert.That(m.StartLine, Is.EqualTo("SIP/2.0 438 Invalid Identity Header"));
        }
    }

    [TestCase("INVITE sip:a@b SIP/3", TestName = "InvalidStartLine_BadVersion")]
    [TestCase("INVITE sip:a@b", TestName = "InvalidStartLine_MissingVersion")]
    [TestCase("INV{TE sip:a@b SIP/2.0", TestName = "InvalidStartLine_MethodNotToken")]
    [TestCase("SIP/2.0 20 OK", TestName = "InvalidStartLine_TwoDigitStatus")]
    [TestCase("garbage", TestName = "InvalidStartLine_NoSpace")]
    public void InvalidStartLine_IsRejected(string startLine)
    {
        var r = SipMessage.TryParse(startLine + "\r\nCall-ID: x\r\n\r\n");
        Assert.That(r.IsSuccess, Is.False);
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidStartLine));
    }

    [TestCase("i", "Call-ID")]
    [TestCase("f", "From")]
    [TestCase("t", "To")]
    [TestCase("v", "Via")]
    [TestCase("l", "Content-Length")]
    [TestCase("m", "Contact")]
    public void CompactHeaderName_MatchesLongName(string compact, string longName)
    {
        var m = Parse($"INVITE sip:a@b SIP/2.0\r\n{compact}: value\r\n\r\n");
        Assert.That(m.GetHeader(longName), Is.EqualTo("value"));
    }

    [Test]
    public void CompactHeaderNameY_IsIdentity()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\ny: " + SampleMessages.FullIdentity + "\r\n\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.GetHeaderValues(SipHeaderNames.Identity), Is.EqualTo(new[] { SampleMessages.FullIdentity }));
            Assert.That(m.Headers[0].Name, Is.EqualTo("y"));
            Assert.That(m.Headers[0].CanonicalName, Is.EqualTo("Identity"));
        }
    }

    [Test]
    public void CompactHeaderNameN_IsNotIdentityInfo()
    {
        // RFC 8224 removed 'n' as the compact form of Identity-Info.
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nn: <https://x/y>\r\n\r\n");
        Assert.That(m.GetHeader(SipHeaderNames.IdentityInfo), Is.Null);
    }

    [Test]
    public void HeaderNames_AreCaseInsensitive()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nCALL-id: abc\r\nP-ASSERTED-IDENTITY: <tel:+1>\r\n\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.GetHeader("call-ID"), Is.EqualTo("abc"));
            Assert.That(m.GetHeader("i"), Is.EqualTo("abc"));
            Assert.That(m.GetHeader("p-asserted-identity"), Is.EqualTo("<tel:+1>"));
        }
    }

    [Test]
    public void LineFolding_JoinsContinuationWithOneSpace()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nSubject: I know you're there,\r\n   pick up the phone\r\n\tand talk to me!\r\nCall-ID: x\r\n\r\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.GetHeader("Subject"), Is.EqualTo("I know you're there, pick up the phone and talk to me!"));
            Assert.That(m.GetHeader("Call-ID"), Is.EqualTo("x"));
        }
    }

    [Test]
    public void LineFolding_OfIdentityHeader_ProducesParseableValue()
    {
        string folded = SampleMessages.FullIdentity.Replace(";info=", "\r\n ;info=", StringComparison.Ordinal);
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nIdentity: " + folded + "\r\n\r\n");
        var header = IdentityHeader.TryParse(m.GetHeader("Identity")!);
        Assert.That(header.IsSuccess, Is.True, () => header.Error.ToString());
    }

    [Test]
    public void ContinuationLine_WithoutPrecedingHeader_IsInvalidHeaderLine()
    {
        var r = SipMessage.TryParse("INVITE sip:a@b SIP/2.0\r\n folded\r\n\r\n");
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidHeaderLine));
        Assert.That(r.Error.Position, Is.EqualTo(24));
    }

    [Test]
    public void HeaderLineWithoutColon_IsInvalidHeaderLine()
    {
        var r = SipMessage.TryParse("INVITE sip:a@b SIP/2.0\r\nCall-ID x\r\n\r\n");
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidHeaderLine));
    }

    [Test]
    public void WhitespaceBeforeColon_IsAllowed()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nCall-ID  :  abc  \r\n\r\n");
        Assert.That(m.GetHeader("Call-ID"), Is.EqualTo("abc"));
    }

    [Test]
    public void RepeatedIdentityLines_AreKeptInOrder_AndNotSplitOnCommas()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nIdentity: one,two\r\nCall-ID: x\r\ny: three\r\nIdentity: four\r\n\r\n");
        Assert.That(m.GetHeaderValues("identity"), Is.EqualTo(new[] { "one,two", "three", "four" }));
    }

    [Test]
    public void GetHeaderValues_OfAbsentHeader_IsEmpty()
    {
        var m = Parse(SampleMessages.Invite);
        Assert.That(m.GetHeaderValues("Reason"), Is.Empty);
        Assert.That(m.GetHeader("Reason"), Is.Null);
    }

    [Test]
    public void BareLfLineEndings_AreAccepted()
    {
        var m = Parse(SampleMessages.Invite.Replace("\r\n", "\n", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Headers, Has.Count.EqualTo(12));
            Assert.That(m.GetHeader("Identity"), Is.EqualTo(SampleMessages.FullIdentity));
            Assert.That(m.Body, Is.EqualTo("v=0\no=- 0 0 IN IP4 x\n"));
        }
    }

    [Test]
    public void MissingEmptyLine_AfterHeaders_IsAccepted()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 INVITE");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.GetHeader("CSeq"), Is.EqualTo("1 INVITE"));
            Assert.That(m.Body, Is.Empty);
        }
    }

    [Test]
    public void LeadingCrlf_BeforeStartLine_IsIgnored()
    {
        // RFC 3261 §7.5
        var m = Parse("\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\n\r\n");
        Assert.That(m.Method, Is.EqualTo("OPTIONS"));
    }

    [TestCase("", TestName = "EmptyInput_IsEmpty")]
    [TestCase("\r\n\r\n", TestName = "OnlyCrlf_IsEmpty")]
    public void EmptyInput_IsEmpty(string text)
    {
        Assert.That(SipMessage.TryParse(text).Error.Code, Is.EqualTo(ParseErrorCode.Empty));
    }

    [Test]
    public void NullInput_ThrowsArgumentNull()
    {
        Assert.That(() => SipMessage.TryParse(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void MaxMessageLength_IsEnforced()
    {
        var r = SipMessage.TryParse(SampleMessages.Invite, new SipParserOptions { MaxMessageLength = 100 });
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.MessageTooLarge));
        Assert.That(r.Error.Position, Is.EqualTo(100));
    }

    [Test]
    public void MaxHeaderCount_IsEnforced_AtTheExtraHeader()
    {
        var r = SipMessage.TryParse(SampleMessages.Invite, new SipParserOptions { MaxHeaderCount = 2 });
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.TooManyHeaders));
        Assert.That(r.Error.Position, Is.EqualTo(SampleMessages.Invite.IndexOf("To:", StringComparison.Ordinal)));
    }

    [Test]
    public void MaxHeaderLength_IsEnforced_AtTheHeaderStart()
    {
        var r = SipMessage.TryParse(SampleMessages.Invite, new SipParserOptions { MaxHeaderLength = 200 });
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.HeaderTooLong));
        Assert.That(r.Error.Position, Is.EqualTo(SampleMessages.Invite.IndexOf("\nIdentity:", StringComparison.Ordinal) + 1));
    }

    [Test]
    public void MaxHeaderLength_AppliesAfterUnfolding()
    {
        string text = "INVITE sip:a@b SIP/2.0\r\nSubject: " + new string('a', 30) + "\r\n " + new string('b', 30) + "\r\n\r\n";
        var r = SipMessage.TryParse(text, new SipParserOptions { MaxHeaderLength = 50 });
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.HeaderTooLong));
        Assert.That(r.Error.Position, Is.EqualTo(24));
    }

    [Test]
    public void BareCr_InHeaderValue_IsRejected()
    {
        var r = SipMessage.TryParse("INVITE sip:a@b SIP/2.0\r\nSubject: a\rb\r\n\r\n");
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidCharacter));
    }

    [Test]
    public void PaiWithTwoValues_ReturnsTelAndSipAddresses()
    {
        var addresses = Parse(SampleMessages.Invite).GetAddresses(SipHeaderNames.PAssertedIdentity);
        Assert.That(addresses, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(addresses[0].GetValueOrThrow().Uri.Scheme, Is.EqualTo("tel"));
            Assert.That(addresses[0].GetValueOrThrow().Uri.User, Is.EqualTo("+12155551212"));
            Assert.That(addresses[1].GetValueOrThrow().Uri.Scheme, Is.EqualTo("sip"));
            Assert.That(addresses[1].GetValueOrThrow().Uri.GetParameter("user"), Is.EqualTo("phone"));
        }
    }

    [Test]
    public void GetAddresses_DoesNotSplitOnCommasInsideQuotesOrBrackets()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nP-Asserted-Identity: \"Doe, John\" <sip:a,b@x>, <tel:+1>\r\nP-Asserted-Identity: sip:c@d\r\n\r\n");
        var addresses = m.GetAddresses("P-Asserted-Identity");
        Assert.That(addresses, Has.Count.EqualTo(3));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(addresses[0].GetValueOrThrow().DisplayName, Is.EqualTo("Doe, John"));
            Assert.That(addresses[1].GetValueOrThrow().Uri.Raw, Is.EqualTo("tel:+1"));
            Assert.That(addresses[2].GetValueOrThrow().Uri.Host, Is.EqualTo("d"));
        }
    }

    [Test]
    public void GetAddresses_ReportsUnparseableValues()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nFrom: <sip:a@b\r\n\r\n");
        var addresses = m.GetAddresses("f");
        Assert.That(addresses, Has.Count.EqualTo(1));
        Assert.That(addresses[0].IsSuccess, Is.False);
        Assert.That(addresses[0].Error.Code, Is.EqualTo(ParseErrorCode.InvalidAddress));
    }

    [Test]
    public void WithHeaderAdded_AppendsAndLeavesOriginalUnchanged()
    {
        var m = Parse(SampleMessages.Invite);
        var added = m.WithHeaderAdded("Identity", SampleMessages.CompactIdentity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.GetHeaderValues("y"), Is.EqualTo(new[] { SampleMessages.FullIdentity, SampleMessages.CompactIdentity }));
            Assert.That(added.Headers[^2].Name, Is.EqualTo("Identity"), "added after the other headers, before the trailing Content-Length");
            Assert.That(added.Headers[^1].Name, Is.EqualTo("Content-Length"));
            Assert.That(m.GetHeaderValues("y"), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void WithHeaderAdded_KeepsATrailingContentLengthLast()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n");

        var added = m.WithHeaderAdded("Identity", "v");

        Assert.That(added.Headers.Select(h => h.Name), Is.EqualTo(new[] { "Call-ID", "Identity", "Content-Length" }));
    }

    [Test]
    public void WithHeaderReplaced_ReplacesFirstLineOnly()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\ny: one\r\nCall-ID: x\r\nIdentity: two\r\n\r\n");
        var replaced = m.WithHeaderReplaced("Identity", "new");
        Assert.That(replaced.GetHeaderValues("Identity"), Is.EqualTo(new[] { "new", "two" }));
        Assert.That(replaced.Headers[0].Name, Is.EqualTo("Identity"));
    }

    [Test]
    public void WithHeaderReplaced_AppendsWhenAbsent()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n");
        Assert.That(m.WithHeaderReplaced("Date", "Tue, 16 Aug 2016 19:23:38 GMT").Headers[^1].Name, Is.EqualTo("Date"));
    }

    [TestCase("Bad Name", "v", TestName = "WithHeaderAdded_RejectsNonTokenName")]
    [TestCase("X-Test", "a\r\nInjected: 1", TestName = "WithHeaderAdded_RejectsCrLfInValue")]
    public void WithHeaderAdded_RejectsInvalidInput(string name, string value)
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\r\n\r\n");
        Assert.That(() => m.WithHeaderAdded(name, value), Throws.ArgumentException);
    }

    [Test]
    public void ToString_SerializesWithCrlf_AndRoundTrips()
    {
        var m = Parse(SampleMessages.Invite.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("Max-Forwards: 70", "Max-Forwards:70", StringComparison.Ordinal));
        string wire = m.ToString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(wire, Does.StartWith("INVITE sip:+12125551213@example.com;user=phone SIP/2.0\r\nVia: "));
            Assert.That(wire, Does.Contain("\r\nMax-Forwards: 70\r\n"));
            Assert.That(wire, Does.Contain("Content-Length: 26\r\n\r\nv=0"));
            Assert.That(Parse(wire).Headers, Is.EqualTo(m.Headers));
        }
    }

    [Test]
    public void ParseFacade_ThrowsSipParseException()
    {
        Assert.That(() => SipMessage.Parse("bad"), Throws.TypeOf<SipParseException>()
            .With.Property(nameof(SipParseException.Error)).Property(nameof(ParseError.Code)).EqualTo(ParseErrorCode.InvalidStartLine));
    }
}
