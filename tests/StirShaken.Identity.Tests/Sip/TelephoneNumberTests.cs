using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class TelephoneNumberTests
{
    [TestCase("+1-(215)-555-1212", "12155551212")]
    [TestCase("*67#12 34", "*67#1234")]
    [TestCase("+", "")]
    [TestCase("١٢٣", "")] // non-ASCII digits are not kept (RFC 8224 §8.3 says ASCII digits)
    public void Canonicalize_KeepsOnlyAsciiDigitsHashAndStar(string input, string expected)
    {
        Assert.That(TelephoneNumber.Canonicalize(input), Is.EqualTo(expected));
    }

    [Test]
    public void Canonicalize_SipUserPhoneWithSeparators()
    {
        var uri = SipUri.TryParse("sip:+1-(215)-555-1212@example.com;user=phone").GetValueOrThrow();
        var tn = TelephoneNumber.TryGetCanonical(uri);
        Assert.That(tn.IsSuccess, Is.True);
        Assert.That(tn.Value, Is.EqualTo("12155551212"));
        Assert.That(tn.Error.Code, Is.EqualTo(ParseErrorCode.None));
    }

    [Test]
    public void Canonicalize_TelUri()
    {
        var uri = SipUri.TryParse("tel:+1-215-555-1212;ext=12").GetValueOrThrow();
        Assert.That(TelephoneNumber.TryGetCanonical(uri, lenient: false).Value, Is.EqualTo("12155551212"));
    }

    [Test]
    public void TryGetCanonical_NonTelephoneUri_IsFalse()
    {
        var uri = SipUri.TryParse("sip:alice@example.com").GetValueOrThrow();
        var tn = TelephoneNumber.TryGetCanonical(uri);
        Assert.That(tn.IsSuccess, Is.False);
        Assert.That(tn.Error.Code, Is.EqualTo(ParseErrorCode.NotATelephoneNumber));
    }

    [Test]
    public void TryGetCanonical_UserPhoneWithoutDigits_IsFalse()
    {
        var uri = SipUri.TryParse("sip:alice@example.com;user=phone").GetValueOrThrow();
        var tn = TelephoneNumber.TryGetCanonical(uri);
        Assert.That(tn.IsSuccess, Is.False);
        Assert.That(tn.Error.Code, Is.EqualTo(ParseErrorCode.NotATelephoneNumber));
    }

    [Test]
    public void TryGetCanonical_Strict_IgnoresNumericUserWithoutUserPhone()
    {
        var uri = SipUri.TryParse("sip:12155551212@example.com").GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TelephoneNumber.TryGetCanonical(uri, lenient: false).IsSuccess, Is.False);
            Assert.That(TelephoneNumber.TryGetCanonical(uri, lenient: true).TryGetValue(out var tn), Is.True);
            Assert.That(tn, Is.EqualTo("12155551212"));
        }
    }
}

public class TelephoneNumberFromHeaderTests
{
    [Test]
    public void EveryAddressOfTheHeader_GivesItsCanonicalNumber_InOrder_AndNonNumbersAreLeftOut()
    {
        var message = SipMessage.Parse("INVITE sip:b@example.net SIP/2.0\r\n"
            + "P-Asserted-Identity: <tel:+1-215-555-1212>, \"Bob\" <sip:+12155550000@example.com;user=phone>\r\n"
            + "P-Asserted-Identity: <sip:alice@example.com>, <<broken\r\n"
            + "To: <sip:b@example.net>\r\n\r\n");

        Assert.That(TelephoneNumber.FromHeader(message, "P-Asserted-Identity"), Is.EqualTo(new[] { "12155551212", "12155550000" }));
        Assert.That(TelephoneNumber.FromHeader(message, "To"), Is.Empty);
    }
}
