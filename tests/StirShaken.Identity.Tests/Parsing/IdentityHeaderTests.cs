using StirShaken.Identity.Parsing;
using StirShaken.Identity.Tests.Sip;

namespace StirShaken.Identity.Tests.Parsing;

[TestFixture]
public class IdentityHeaderTests
{
    private const string Info = ";info=<https://cert.example.org/passport.cer>";
    private static string Token => SampleMessages.FullToken;

    private static ParseError ErrorOf(string value, int maxTokenLength = 8_192)
    {
        var r = IdentityHeader.TryParse(value, maxTokenLength);
        Assert.That(r.IsSuccess, Is.False, "expected a parse failure");
        return r.Error;
    }

    [Test]
    public void FullForm_ParsesTokenAndParameters()
    {
        var h = IdentityHeader.Parse(SampleMessages.FullIdentity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(h.Token, Is.EqualTo(Token));
            Assert.That(h.IsCompact, Is.False);
            Assert.That(h.Info, Is.EqualTo("https://cert.example.org/passport.cer"));
            Assert.That(h.Alg, Is.EqualTo("ES256"));
            Assert.That(h.Ppt, Is.EqualTo("shaken"));
            Assert.That(h.RawValue, Is.EqualTo(SampleMessages.FullIdentity));
            Assert.That(h.Parameters, Has.Count.EqualTo(3));
            Assert.That(h.Parameters[0], Is.EqualTo(new KeyValuePair<string, string>("info", "https://cert.example.org/passport.cer")));
        }
    }

    [Test]
    public void CompactForm_HasOnlySignature()
    {
        var h = IdentityHeader.Parse(SampleMessages.CompactIdentity);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(h.IsCompact, Is.True);
            Assert.That(h.Token, Does.StartWith("..rq3pjT1"));
            Assert.That(h.Ppt, Is.Null);
            Assert.That(h.Alg, Is.EqualTo("ES256"));
        }
    }

    [Test]
    public void QuotedPpt_IsUnquoted()
    {
        var h = IdentityHeader.Parse(Token + Info + ";alg=ES256;ppt=\"shaken\"");
        Assert.That(h.Ppt, Is.EqualTo("shaken"));
    }

    [Test]
    public void LwsAroundSemicolonAndEquals_IsAllowed()
    {
        var h = IdentityHeader.Parse(Token + " ; info = <https://x.example/c.pem> ;\talg= ES256 ; ppt =shaken ");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(h.Info, Is.EqualTo("https://x.example/c.pem"));
            Assert.That(h.Alg, Is.EqualTo("ES256"));
            Assert.That(h.Ppt, Is.EqualTo("shaken"));
            Assert.That(h.Token, Is.EqualTo(Token));
        }
    }

    [Test]
    public void ParameterNames_AreCaseInsensitive_AndStoredLowerCase()
    {
        var h = IdentityHeader.Parse(Token + ";INFO=<https://x.example/c>;Alg=ES256;PPT=shaken");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(h.Info, Is.EqualTo("https://x.example/c"));
            Assert.That(h.Parameters.Select(p => p.Key), Is.EqualTo(new[] { "info", "alg", "ppt" }));
        }
    }

    [Test]
    public void ParametersInAnyOrder_AreAccepted()
    {
        var h = IdentityHeader.Parse(Token + ";ppt=shaken;alg=ES256" + Info);
        Assert.That(h.Info, Is.EqualTo("https://cert.example.org/passport.cer"));
    }

    [Test]
    public void InfoWithoutAngleBrackets_IsAccepted()
    {
        var h = IdentityHeader.Parse(Token + ";info=https://cert.example.org/passport.cer;alg=ES256");
        Assert.That(h.Info, Is.EqualTo("https://cert.example.org/passport.cer"));
    }

    [Test]
    public void InfoWithSemicolonInsideBrackets_IsKeptWhole()
    {
        var h = IdentityHeader.Parse(Token + ";info=<https://x.example/c;v=1>");
        Assert.That(h.Info, Is.EqualTo("https://x.example/c;v=1"));
    }

    [Test]
    public void UnknownParameters_AreKept_IncludingFlags()
    {
        var h = IdentityHeader.Parse(Token + Info + ";x-foo=bar;x-flag;x-q=\"a b\"");
        Assert.That(h.Parameters.Skip(1), Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("x-foo", "bar"),
            new KeyValuePair<string, string>("x-flag", ""),
            new KeyValuePair<string, string>("x-q", "a b"),
        }));
    }

    [Test]
    public void Base64StandardAlphabet_IsAccepted()
    {
        var h = IdentityHeader.Parse("ab+/.cd+/.ef+/" + Info);
        Assert.That(h.Token, Is.EqualTo("ab+/.cd+/.ef+/"));
    }

    [Test]
    public void MissingInfo_IsMissingInfo()
    {
        var e = ErrorOf(Token + ";alg=ES256;ppt=shaken");
        Assert.That(e.Code, Is.EqualTo(ParseErrorCode.MissingInfo));
    }

    [Test]
    public void NoSemicolon_IsMissingParameters()
    {
        Assert.That(ErrorOf(Token).Code, Is.EqualTo(ParseErrorCode.MissingParameters));
    }

    [TestCase(";info=<https://x.example/c", TestName = "InfoMissingClosingBracket_IsInvalidInfo")]
    [TestCase(";info=https://x.example/c>", TestName = "InfoMissingOpeningBracket_IsInvalidInfo")]
    [TestCase(";info=<>", TestName = "InfoEmptyBrackets_IsInvalidInfo")]
    [TestCase(";info=<cert.example.org/passport.cer>", TestName = "InfoRelativeUri_IsInvalidInfo")]
    [TestCase(";info=<https://x.example/a b>", TestName = "InfoWithWhitespace_IsInvalidInfo")]
    [TestCase(";info=\"https://x.example/c\"", TestName = "InfoQuoted_IsInvalidInfo")]
    [TestCase(";info", TestName = "InfoWithoutValue_IsInvalidInfo")]
    public void BadInfo_IsInvalidInfo(string parameters)
    {
        Assert.That(ErrorOf(Token + parameters).Code, Is.EqualTo(ParseErrorCode.InvalidInfo));
    }

    [Test]
    public void InfoEmptyValue_IsRejected()
    {
        Assert.That(ErrorOf(Token + ";info=;alg=ES256").Code, Is.EqualTo(ParseErrorCode.InvalidParameter));
    }

    [Test]
    public void BadBracketPosition_PointsIntoTheValue()
    {
        string value = Token + ";info=https://x.example/c>";
        Assert.That(ErrorOf(value).Position, Is.EqualTo(value.Length - 1));
    }

    [Test]
    public void DuplicateParameter_IsRejectedWithPosition()
    {
        string value = Token + Info + ";alg=ES256;ALG=ES256";
        var e = ErrorOf(value);
        Assert.That(e.Code, Is.EqualTo(ParseErrorCode.DuplicateParameter));
        Assert.That(e.Position, Is.EqualTo(value.LastIndexOf("ALG", StringComparison.Ordinal)));
    }

    [Test]
    public void DuplicateInfo_IsRejected()
    {
        Assert.That(ErrorOf(Token + Info + Info).Code, Is.EqualTo(ParseErrorCode.DuplicateParameter));
    }

    [TestCase("=", TestName = "PaddingCharacter_IsInvalidTokenCharacters")]
    [TestCase("!", TestName = "Bang_IsInvalidTokenCharacters")]
    [TestCase(" ", TestName = "InnerSpace_IsInvalidTokenCharacters")]
    [TestCase("é", TestName = "NonAscii_IsInvalidTokenCharacters")]
    public void BadBase64Characters_AreRejectedWithPosition(string bad)
    {
        string value = Token.Insert(10, bad) + Info;
        var e = ErrorOf(value);
        Assert.That(e.Code, Is.EqualTo(ParseErrorCode.InvalidTokenCharacters));
        Assert.That(e.Position, Is.EqualTo(10));
    }

    [TestCase("aaa.bbb", TestName = "TwoSegments_IsWrongSegmentCount")]
    [TestCase("aaa.bbb.ccc.ddd", TestName = "FourSegments_IsWrongSegmentCount")]
    [TestCase(".bbb.ccc", TestName = "OnlyHeaderEmpty_IsWrongSegmentCount")]
    [TestCase("aaa..ccc", TestName = "OnlyPayloadEmpty_IsWrongSegmentCount")]
    [TestCase("aaa.bbb.", TestName = "EmptySignature_IsWrongSegmentCount")]
    [TestCase("..", TestName = "CompactWithoutSignature_IsWrongSegmentCount")]
    public void WrongSegments_AreRejected(string token)
    {
        Assert.That(ErrorOf(token + Info).Code, Is.EqualTo(ParseErrorCode.WrongSegmentCount));
    }

    [Test]
    public void FourSegments_PositionIsTheThirdDot()
    {
        Assert.That(ErrorOf("aaa.bbb.ccc.ddd" + Info).Position, Is.EqualTo(11));
    }

    [Test]
    public void TokenLongerThanLimit_IsTokenTooLong()
    {
        var e = ErrorOf(SampleMessages.FullIdentity, maxTokenLength: 100);
        Assert.That(e.Code, Is.EqualTo(ParseErrorCode.TokenTooLong));
        Assert.That(e.Position, Is.EqualTo(100));
    }

    [Test]
    public void QuotedValueWithoutDots_IsLegacyIdentity()
    {
        Assert.That(ErrorOf("\"ZYNBbHC00VMZr2kZt6VmCvPonWJMGvQTBDqghoWeLxJfzB2a1pxAr3VgrB0SsSAa\"").Code,
            Is.EqualTo(ParseErrorCode.LegacyIdentity));
    }

    [TestCase(";alg", TestName = "AlgFlag_IsInvalidParameter")]
    [TestCase(";alg=<ES256>", TestName = "AlgBracketed_IsInvalidParameter")]
    [TestCase(";ppt=\"sha ken\"", TestName = "PptQuotedWithSpace_IsInvalidParameter")]
    [TestCase(";x=\"unterminated", TestName = "UnterminatedQuote_IsInvalidParameter")]
    [TestCase(";;alg=ES256", TestName = "EmptyParameterName_IsInvalidParameter")]
    [TestCase(";", TestName = "TrailingSemicolon_IsInvalidParameter")]
    [TestCase(" junk", TestName = "GarbageAfterInfo_IsInvalidParameter")]
    [TestCase(";x=a/b", TestName = "UnknownParameterNonTokenValue_IsInvalidParameter")]
    public void BadParameter_IsInvalidParameter(string suffix)
    {
        Assert.That(ErrorOf(Token + Info + suffix).Code, Is.EqualTo(ParseErrorCode.InvalidParameter));
    }

    [Test]
    public void EmptyValue_IsEmpty()
    {
        Assert.That(ErrorOf("  ").Code, Is.EqualTo(ParseErrorCode.Empty));
    }

    [Test]
    public void ParseFacade_ThrowsSipParseException()
    {
        Assert.That(() => IdentityHeader.Parse(Token), Throws.TypeOf<SipParseException>());
    }
}
