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
        Assert.That(Base64Url.TryDecode(text), Is.EqualTo(bytes));
        Assert.That(Base64Url.Encode(bytes), Is.EqualTo(text));
    }

    [TestCase("AA==", TestName = "Padding_IsRejected")]
    [TestCase("+/8", TestName = "StandardBase64Alphabet_IsRejected")]
    [TestCase("A", TestName = "ImpossibleLength_IsRejected")]
    [TestCase("AB", TestName = "NonZeroTrailingBits_AreRejected")]
    [TestCase("AA A", TestName = "Whitespace_IsRejected")]
    public void NonStrictBase64Url_IsRejected(string text)
    {
        Assert.That(Base64Url.TryDecode(text), Is.Null);
    }
}
