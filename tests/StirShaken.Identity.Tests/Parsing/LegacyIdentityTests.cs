using StirShaken.Identity.Parsing;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Parsing;

[TestFixture]
public class LegacyIdentityTests
{
    // RFC 4474 §10 style example (signature shortened).
    private const string Signature = "ZYNBbHC00VMZr2kZt6VmCvPonWJMGvQTBDqghoWeLxJfzB2a1pxAr3VgrB0SsSAaifsRdiOPoQZYOy2wrVghuhcsMbHWUSFxI6p6q5TOQXHMmz6uEo3svJsSH49thyGnFVcnyaZ++yRlBYYQTLqWzJ+KVhPKbfU/pryhVn9Yc6U=";
    private const string InfoValue = "<https://biloxi.example.com/cert>;alg=rsa-sha1";

    [TestCase("\"" + Signature + "\"", true, TestName = "QuotedBase64_IsLegacy")]
    [TestCase("  \"abc\"  ", true, TestName = "QuotedBase64WithLws_IsLegacy")]
    [TestCase("\"a.b.c\"", false, TestName = "QuotedWithDots_IsNotLegacy")]
    [TestCase("a.b.c;info=<https://x/y>", false, TestName = "Rfc8224Value_IsNotLegacy")]
    [TestCase("\"abc", false, TestName = "UnterminatedQuote_IsNotLegacy")]
    [TestCase("\"", false, TestName = "LoneQuote_IsNotLegacy")]
    public void IsLegacyValue_DetectsQuotedSignatureWithoutDots(string value, bool expected)
    {
        Assert.That(LegacyIdentity.IsLegacyValue(value), Is.EqualTo(expected));
    }

    [Test]
    public void LegacyPair_ParsesSignatureInfoAndAlg()
    {
        var l = LegacyIdentity.TryParse("\"" + Signature + "\"", InfoValue).GetValueOrThrow();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Signature, Is.EqualTo(Signature));
            Assert.That(l.InfoUri, Is.EqualTo("https://biloxi.example.com/cert"));
            Assert.That(l.Alg, Is.EqualTo("rsa-sha1"));
        }
    }

    [Test]
    public void LegacyWithoutIdentityInfo_HasNullInfo()
    {
        var l = LegacyIdentity.TryParse("\"abc=\"", null).GetValueOrThrow();
        Assert.That(l.InfoUri, Is.Null);
        Assert.That(l.Alg, Is.Null);
    }

    [TestCase("\"ab-c\"", null, ParseErrorCode.InvalidTokenCharacters, TestName = "LegacySignatureNotBase64_IsInvalidTokenCharacters")]
    [TestCase("\"\"", null, ParseErrorCode.InvalidTokenCharacters, TestName = "LegacyEmptySignature_IsInvalidTokenCharacters")]
    [TestCase("a.b.c", null, ParseErrorCode.InvalidTokenCharacters, TestName = "NonLegacyValue_IsRejected")]
    [TestCase("\"abc\"", "https://x/y", ParseErrorCode.InvalidInfo, TestName = "LegacyInfoWithoutBrackets_IsInvalidInfo")]
    [TestCase("\"abc\"", "<relative>", ParseErrorCode.InvalidInfo, TestName = "LegacyInfoRelative_IsInvalidInfo")]
    [TestCase("\"abc\"", "<https://x/y>;alg=a;alg=b", ParseErrorCode.DuplicateParameter, TestName = "LegacyInfoDuplicateAlg_IsDuplicateParameter")]
    public void MalformedLegacyPair_IsRejected(string identity, string? info, ParseErrorCode expected)
    {
        var r = LegacyIdentity.TryParse(identity, info);
        Assert.That(r.IsSuccess, Is.False);
        Assert.That(r.Error.Code, Is.EqualTo(expected));
    }

    [Test]
    public void Find_LocatesLegacyIdentityAndIdentityInfo()
    {
        var m = SipMessage.Parse("INVITE sip:a@b SIP/2.0\r\nIdentity: \"" + Signature + "\"\r\nIdentity-Info: " + InfoValue + "\r\n\r\n");
        var found = LegacyIdentity.Find(m);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Value.GetValueOrThrow().Alg, Is.EqualTo("rsa-sha1"));
    }

    [Test]
    public void Find_SkipsRfc8224Identity_AndReturnsNullWithoutLegacy()
    {
        var m = SipMessage.Parse("INVITE sip:a@b SIP/2.0\r\nIdentity: " + Sip.SampleMessages.FullIdentity + "\r\n\r\n");
        Assert.That(LegacyIdentity.Find(m), Is.Null);
    }

    [Test]
    public void Find_PicksLegacyLineAmongSeveralIdentityLines()
    {
        var m = SipMessage.Parse("INVITE sip:a@b SIP/2.0\r\nIdentity: " + Sip.SampleMessages.FullIdentity
            + "\r\ny: \"abc\"\r\n\r\n");
        var found = LegacyIdentity.Find(m);
        Assert.That(found?.GetValueOrThrow().Signature, Is.EqualTo("abc"));
    }
}
