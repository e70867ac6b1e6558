using StirShaken.Identity.Parsing;

namespace StirShaken.Identity.Tests.Parsing;

/// <summary><c>IdentityHeader.Format</c>: the one place that writes an RFC 8224 §4 Identity value.</summary>
public class IdentityHeaderFormatTests
{
    private const string Token = "eyJhbGciOiJFUzI1NiJ9.eyJpYXQiOjF9.c2ln";
    private const string Info = "https://cert.example.org/passport.cer";

    [Test]
    public void Format_WritesTheRfc8224Shape_ThatParsesBack()
    {
        var value = IdentityHeader.Format(Token, Info, "ES256", "shaken");
        var parsed = IdentityHeader.Parse(value);

        Assert.That(value, Is.EqualTo($"{Token};info=<{Info}>;alg=ES256;ppt=shaken"));
        Assert.That((parsed.Token, parsed.Info, parsed.Alg, parsed.Ppt), Is.EqualTo((Token, Info, "ES256", "shaken")));
    }

    [Test]
    public void Format_CompactFormWithoutPpt()
    {
        Assert.That(IdentityHeader.Format("..c2ln", Info, "ES256", null), Is.EqualTo($"..c2ln;info=<{Info}>;alg=ES256"));
    }

    [TestCase("https://a.example/x\r\nVia: evil", TestName = "InfoWithCrLf_IsRefused")]
    [TestCase("https://a.example/x\n", TestName = "InfoWithLf_IsRefused")]
    [TestCase("https://a.example/x\r", TestName = "InfoWithCr_IsRefused")]
    [TestCase("https://a.example/x>;alg=none", TestName = "InfoWithClosingBracket_IsRefused")]
    [TestCase("https://a.example/<x", TestName = "InfoWithOpeningBracket_IsRefused")]
    [TestCase("https://a.example/a b", TestName = "InfoWithSpace_IsRefused")]
    [TestCase("relative/path", TestName = "RelativeInfo_IsRefused")]
    [TestCase("", TestName = "EmptyInfo_IsRefused")]
    public void Format_RefusesAnInfoThatWouldBreakTheHeader(string info)
    {
        Assert.That(() => IdentityHeader.Format(Token, info, "ES256", "shaken"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("info"));
    }

    [TestCase("ES 256", "shaken", "alg", TestName = "AlgNotAToken_IsRefused")]
    [TestCase("ES256", "sha\"ken", "ppt", TestName = "PptNotAToken_IsRefused")]
    public void Format_RefusesNonTokenParameters(string alg, string ppt, string parameter)
    {
        Assert.That(() => IdentityHeader.Format(Token, Info, alg, ppt), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter));
    }

    [TestCase("a.b", TestName = "TwoSegmentDigest_IsRefused")]
    [TestCase("a.b.c;x", TestName = "DigestWithSemicolon_IsRefused")]
    public void Format_RefusesADigestThatIsNotAPassport(string digest)
    {
        Assert.That(() => IdentityHeader.Format(digest, Info, "ES256", "shaken"), Throws.ArgumentException);
    }
}
