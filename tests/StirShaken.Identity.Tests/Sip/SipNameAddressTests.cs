using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipNameAddressTests
{
    [Test]
    public void QuotedDisplayName_WithEscapes_AndTag()
    {
        var a = SipNameAddress.TryParse("\"Bob \\\"the\\\" Builder\" <sip:bob@biloxi.example.com>;tag=a6c85cf").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.DisplayName, Is.EqualTo("Bob \"the\" Builder"));
            Assert.That(a.Uri.User, Is.EqualTo("bob"));
            Assert.That(a.Tag, Is.EqualTo("a6c85cf"));
        }
    }

    [Test]
    public void TokenDisplayName()
    {
        var a = SipNameAddress.TryParse("Alice Smith <sip:alice@atlanta.example.com>").GetValueOrThrow();
        Assert.That(a.DisplayName, Is.EqualTo("Alice Smith"));
        Assert.That(a.Tag, Is.Null);
    }

    [Test]
    public void UnquotedNonAsciiDisplayName_IsAccepted()
    {
        var a = SipNameAddress.TryParse("Jörg Müller <sip:j@example.de>").GetValueOrThrow();
        Assert.That(a.DisplayName, Is.EqualTo("Jörg Müller"));
    }

    [Test]
    public void UnquotedDisplayNameWithSeparator_IsInvalidAddress()
    {
        Assert.That(SipNameAddress.TryParse("Bob@home <sip:b@x>").Error.Code, Is.EqualTo(ParseErrorCode.InvalidAddress));
    }

    [Test]
    public void AngleBracketsOnly_HasNoDisplayName_AndKeepsUriParameters()
    {
        var a = SipNameAddress.TryParse("<sip:+12155551212@example.com;user=phone>;tag=1").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.DisplayName, Is.Null);
            Assert.That(a.Uri.GetParameter("user"), Is.EqualTo("phone"));
            Assert.That(a.Parameters, Is.EqualTo(new[] { new KeyValuePair<string, string?>("tag", "1") }));
        }
    }

    [Test]
    public void BareAddrSpec_ParametersAreHeaderParameters()
    {
        // RFC 3261 §20: without angle brackets the ';' parameters belong to the header.
        var a = SipNameAddress.TryParse("sip:+1215@x;user=phone;tag=x").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Uri.Raw, Is.EqualTo("sip:+1215@x"));
            Assert.That(a.Uri.GetParameter("user"), Is.Null);
            Assert.That(a.Tag, Is.EqualTo("x"));
            Assert.That(a.Parameters[0], Is.EqualTo(new KeyValuePair<string, string?>("user", "phone")));
            Assert.That(a.Uri.IsTelephoneNumber(lenient: true), Is.True);
        }
    }

    [Test]
    public void BareAddrSpec_SemicolonInUserPart_StaysInUri()
    {
        var a = SipNameAddress.TryParse("sip:+15617500080;verstat=TN-Validation-Passed@foo.com;tag=9").GetValueOrThrow();
        Assert.That(a.Uri.GetUserParameter("verstat"), Is.EqualTo("TN-Validation-Passed"));
        Assert.That(a.Tag, Is.EqualTo("9"));
    }

    [Test]
    public void HeaderParameters_AllowLwsAndQuotedValues()
    {
        var a = SipNameAddress.TryParse("<sip:a@b> ; Tag = x ; foo=\"a b\" ; flag").GetValueOrThrow();
        Assert.That(a.Parameters, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string?>("tag", "x"),
            new KeyValuePair<string, string?>("foo", "a b"),
            new KeyValuePair<string, string?>("flag", null),
        }));
    }

    [TestCase("<sip:a@b", TestName = "MissingClosingBracket_IsInvalidAddress")]
    [TestCase("\"Alice <sip:a@b>", TestName = "UnterminatedDisplayName_IsInvalidAddress")]
    [TestCase("\"Alice\" sip:a@b", TestName = "QuotedDisplayNameWithoutBrackets_IsInvalidAddress")]
    [TestCase("<sip:a@b> junk", TestName = "TrailingGarbage_IsInvalidAddress")]
    [TestCase("<sip:a@b>;tag=", TestName = "EmptyParameterValue_IsInvalidAddress")]
    [TestCase("", TestName = "EmptyAddress_IsInvalidAddress")]
    public void MalformedAddress_IsInvalidAddress(string text)
    {
        var r = SipNameAddress.TryParse(text);
        Assert.That(r.IsSuccess, Is.False);
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidAddress));
    }

    [Test]
    public void BadUriInsideBrackets_ReportsInvalidUriAtOffset()
    {
        var r = SipNameAddress.TryParse("Bob <sip:a@b:xx>");
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidUri));
        Assert.That(r.Error.Position, Is.EqualTo(13));
    }
}
