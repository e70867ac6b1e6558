using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipUriTests
{
    [Test]
    public void SipUri_WithUserHostPortAndParameters()
    {
        var u = SipUri.TryParse("SIP:alice@Atlanta.example.com:5061;Transport=TLS;lr?subject=x").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.Scheme, Is.EqualTo("sip"));
            Assert.That(u.User, Is.EqualTo("alice"));
            Assert.That(u.Host, Is.EqualTo("Atlanta.example.com"));
            Assert.That(u.Port, Is.EqualTo(5061));
            Assert.That(u.Parameters, Is.EqualTo(new[] { new KeyValuePair<string, string?>("transport", "TLS"), new KeyValuePair<string, string?>("lr", null) }));
            Assert.That(u.GetParameter("LR"), Is.EqualTo(string.Empty));
            Assert.That(u.GetParameter("maddr"), Is.Null);
            Assert.That(u.Raw, Does.EndWith("?subject=x"));
        }
    }

    [Test]
    public void SipsUri_WithoutUser()
    {
        var u = SipUri.TryParse("sips:example.com").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.Scheme, Is.EqualTo("sips"));
            Assert.That(u.User, Is.Null);
            Assert.That(u.Host, Is.EqualTo("example.com"));
            Assert.That(u.Port, Is.Null);
            Assert.That(u.IsTelephoneNumber(), Is.False);
        }
    }

    [Test]
    public void Ipv6Host_KeepsBrackets()
    {
        var u = SipUri.TryParse("sip:bob@[2001:db8::10]:5060").GetValueOrThrow();
        Assert.That(u.Host, Is.EqualTo("[2001:db8::10]"));
        Assert.That(u.Port, Is.EqualTo(5060));
    }

    [Test]
    public void VerstatUserParameter_IsSeparatedFromUser()
    {
        var u = SipUri.TryParse("sip:+15617500080;verstat=TN-Validation-Passed@foo.com;user=phone").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.User, Is.EqualTo("+15617500080"));
            Assert.That(u.GetUserParameter("verstat"), Is.EqualTo("TN-Validation-Passed"));
            Assert.That(u.Host, Is.EqualTo("foo.com"));
            Assert.That(u.GetParameter("user"), Is.EqualTo("phone"));
            Assert.That(u.IsTelephoneNumber(lenient: false), Is.True);
        }
    }

    [Test]
    public void TelUri_GlobalNumberWithVisualSeparators()
    {
        var u = SipUri.TryParse("tel:+1-215-555-1212").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(u.Scheme, Is.EqualTo("tel"));
            Assert.That(u.User, Is.EqualTo("+1-215-555-1212"));
            Assert.That(u.Host, Is.Empty);
            Assert.That(u.IsTelephoneNumber(lenient: false), Is.True);
        }
    }

    [Test]
    public void TelUri_LocalNumberWithPhoneContext()
    {
        var u = SipUri.TryParse("tel:7042;Phone-Context=example.com").GetValueOrThrow();
        Assert.That(u.User, Is.EqualTo("7042"));
        Assert.That(u.GetParameter("phone-context"), Is.EqualTo("example.com"));
    }

    [TestCase("tel:+", TestName = "TelUri_WithoutDigits_IsInvalid")]
    [TestCase("tel:+1x2", TestName = "TelUri_GlobalWithLetter_IsInvalid")]
    [TestCase("sip:", TestName = "SipUri_WithoutHost_IsInvalid")]
    [TestCase("sip:a@b:99999", TestName = "SipUri_PortOutOfRange_IsInvalid")]
    [TestCase("sip:a@b c", TestName = "SipUri_Whitespace_IsInvalid")]
    [TestCase("sip:a@[::1", TestName = "SipUri_UnterminatedIpv6_IsInvalid")]
    [TestCase("sip:a@b;=x", TestName = "SipUri_EmptyParameterName_IsInvalid")]
    [TestCase("sip:%zz@b", TestName = "SipUri_BadPercentEscape_IsInvalid")]
    [TestCase("1sip:a@b", TestName = "Uri_BadScheme_IsInvalid")]
    [TestCase("no-scheme", TestName = "Uri_NoScheme_IsInvalid")]
    public void InvalidUri_IsRejected(string text)
    {
        var r = SipUri.TryParse(text);
        Assert.That(r.IsSuccess, Is.False);
        Assert.That(r.Error.Code, Is.EqualTo(ParseErrorCode.InvalidUri));
    }

    [Test]
    public void OtherScheme_IsKeptAsWritten()
    {
        var u = SipUri.TryParse("urn:service:sos").GetValueOrThrow();
        Assert.That(u.Scheme, Is.EqualTo("urn"));
        Assert.That(u.IsTelephoneNumber(), Is.False);
    }

    [Test]
    public void PercentEscapedUser_IsDecoded()
    {
        var u = SipUri.TryParse("sip:%2B12155551212@example.com").GetValueOrThrow();
        Assert.That(u.User, Is.EqualTo("+12155551212"));
    }

    [TestCase("sip:+1-(215)-555.1212@example.com", true, TestName = "LenientTn_PlusDigitsAndSeparators")]
    [TestCase("sip:*67#123@example.com", true, TestName = "LenientTn_AllowsStarAndHash")]
    [TestCase("sip:alice@example.com", false, TestName = "LenientTn_RejectsNames")]
    [TestCase("sip:+@example.com", false, TestName = "LenientTn_NeedsADigit")]
    [TestCase("sip:---@example.com", false, TestName = "LenientTn_SeparatorsAloneAreNotANumber")]
    public void IsTelephoneNumber_Lenient(string text, bool expected)
    {
        var u = SipUri.TryParse(text).GetValueOrThrow();
        Assert.That(u.IsTelephoneNumber(lenient: true), Is.EqualTo(expected));
    }

    [Test]
    public void IsTelephoneNumber_Strict_RequiresUserPhone()
    {
        var u = SipUri.TryParse("sip:+12155551212@example.com").GetValueOrThrow();
        Assert.That(u.IsTelephoneNumber(lenient: false), Is.False);
    }
}
