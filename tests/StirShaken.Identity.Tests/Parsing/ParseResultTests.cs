namespace StirShaken.Identity.Tests.Parsing;

/// <summary>The one decoder result shape: <see cref="ParseResult{T}"/> for reference and value types.</summary>
public class ParseResultTests
{
    [Test]
    public void Success_ReportsNone_ForAValueType()
    {
        var result = ParseResult<int>.Ok(0);

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.Value, Is.Zero);
        Assert.That(result.Error, Is.EqualTo(ParseError.None));
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.None));
        Assert.That(result.GetValueOrThrow(), Is.Zero);
    }

    [Test]
    public void Failure_CarriesCodeAndPosition_AndOnlyTheFacadeThrows()
    {
        var result = ParseResult<string>.Fail(ParseErrorCode.InvalidUri, 7, "bad");

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.TryGetValue(out var value), Is.False);
        Assert.That(value, Is.Null);
        Assert.That(result.Error.ToString(), Is.EqualTo("InvalidUri at 7: bad"));
        Assert.That(() => result.GetValueOrThrow(), Throws.TypeOf<SipParseException>().With.Property(nameof(SipParseException.Error)).EqualTo(result.Error));
    }

    [Test]
    public void DefaultResult_IsAFailure_WithANonNullMessage()
    {
        ParseResult<string> result = default;

        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Message, Is.Empty);
    }

    [Test]
    public void FailAs_MovesThePositionByTheOffset()
    {
        var inner = ParseResult<int>.Fail(ParseErrorCode.InvalidJson, 3, "x");

        Assert.That(inner.FailAs<string>(10).Error.Position, Is.EqualTo(13));
        Assert.That(ParseResult<int>.Fail(ParseErrorCode.InvalidJson, -1, "x").FailAs<string>(10).Error.Position, Is.EqualTo(-1));
    }
}
