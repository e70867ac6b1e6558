using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Passport;

public class Base64UrlTests
{
    [TestCase("", new byte[0])]
    [TestCase("AA", new byte[] { 0 })]
    [TestCase("AAE", new byte[] { 0, 1 })]
    [TestCase("-_8", new byte[] { 0xFB, 0xFF })]
    public void StrictBase64Url_RoundTrips(string text, byte[] bytes)
    {
        var decoded = Base64Url.TryDecode(text);
        Assert.That(decoded.IsSuccess, Is.True);
        Assert.That(decoded.Value, Is.EqualTo(bytes));
        Assert.That(decoded.Error.Code, Is.EqualTo(ParseErrorCode.None));
        Assert.That(Base64Url.Encode(bytes), Is.EqualTo(text));
    }

    [TestCase("AA==", 2, TestName = "Padding_IsRejected")]
    [TestCase("+/8", 0, TestName = "StandardBase64Alphabet_IsRejected")]
    [TestCase("A", 0, TestName = "ImpossibleLength_IsRejected")]
    [TestCase("AB", 1, TestName = "NonZeroTrailingBits_AreRejected")]
    [TestCase("AA A", 2, TestName = "Whitespace_IsRejected")]
    public void NonStrictBase64Url_IsRejected_AtTheOffendingCharacter(string text, int position)
    {
        var decoded = Base64Url.TryDecode(text);
        Assert.That(decoded.IsSuccess, Is.False);
        Assert.That(decoded.Error.Code, Is.EqualTo(ParseErrorCode.InvalidBase64Url));
        Assert.That(decoded.Error.Position, Is.EqualTo(position));
    }

    [Test]
    public void SpanDecode_ReportsTheBytesWritten()
    {
        Span<byte> buffer = stackalloc byte[4];
        var written = Base64Url.TryDecode("-_8", buffer);
        Assert.That(written.IsSuccess, Is.True);
        Assert.That(written.Value, Is.EqualTo(2));
        Assert.That(buffer[..2].ToArray(), Is.EqualTo(new byte[] { 0xFB, 0xFF }));
    }
}
