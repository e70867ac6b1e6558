using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Tests.Passport;

/// <summary>
/// The strict reader decodes strings itself (RFC 8259 §7, §8.1–8.2): well-formed text decodes exactly as
/// System.Text.Json does; invalid UTF-8 and unpaired surrogate escapes are failures with the byte position.
/// </summary>
public class StrictJsonReaderUnicodeTests
{
    [TestCase("{\"a\":\"\\ud83d\\ude00\"}", "\U0001F600")]
    [TestCase("{\"a\":\"\\u00e9\\u20AC\"}", "é€")]
    [TestCase("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "\"\\/\b\f\n\r\t")]
    [TestCase("{\"a\":\"https:\\/\\/cert.example.org\\/sp.pem\"}", "https://cert.example.org/sp.pem")]
    [TestCase("{\"a\":\"\\u0000\"}", "\0")]
    [TestCase("{\"a\":\"é😀 plain\"}", "é😀 plain")]
    [TestCase("{\"a\":\"x\\u0041é\"}", "xAé")]
    public void WellFormedStrings_Decode(string json, string expected)
    {
        var node = StrictJsonReader.ReadObject(Encoding.UTF8.GetBytes(json));

        Assert.That(node.IsSuccess, Is.True, node.IsSuccess ? null : node.Error.ToString());
        Assert.That(node.Value!["a"]!.Text, Is.EqualTo(expected));
    }

    [TestCase("{\"a\":\"\\ud800\"}", 6, "\\ud800")]
    [TestCase("{\"a\":\"\\udc00\"}", 6, "\\udc00")]
    [TestCase("{\"a\":\"xy\\ud800\\u0041\"}", 8, "\\ud800")]
    [TestCase("{\"a\":\"\\ud800\\ud800\"}", 6, "\\ud800")]
    [TestCase("{\"a\":\"\\ude00\\ud83d\"}", 6, "\\ude00")]
    [TestCase("{\"\\ud800\":1}", 2, "\\ud800")]
    public void UnpairedSurrogateEscape_IsAFailureAtTheEscape(string json, int position, string unit)
    {
        var node = StrictJsonReader.ReadObject(Encoding.UTF8.GetBytes(json));

        Assert.That(node.IsSuccess, Is.False);
        Assert.That(node.Error.Code, Is.EqualTo(ParseErrorCode.InvalidJson));
        Assert.That(node.Error.Position, Is.EqualTo(position));
        Assert.That(node.Error.Message, Does.Contain(unit).And.Contain("RFC 8259 §8.2"));
    }

    [TestCase(new byte[] { 0xFF }, "plain")]
    [TestCase(new byte[] { 0xC0, 0x80 }, "overlong")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, "UTF-8 encoded surrogate")]
    [TestCase(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "above U+10FFFF")]
    [TestCase(new byte[] { 0xE2, 0x82 }, "truncated")]
    [TestCase(new byte[] { 0x80 }, "lone continuation")]
    public void InvalidUtf8_InAValueOrAKey_IsAFailureAtTheByte(byte[] bad, string what)
    {
        foreach (var (prefix, suffix) in new[] { ("{\"a\":\"x", "\"}"), ("{\"a\":\"x\\n", "\"}"), ("{\"x", "\":1}") })
        {
            byte[] json = [.. Encoding.UTF8.GetBytes(prefix), .. bad, .. Encoding.UTF8.GetBytes(suffix)];

            var node = StrictJsonReader.ReadObject(json);

            Assert.That(node.IsSuccess, Is.False, what);
            Assert.That(node.Error.Code, Is.EqualTo(ParseErrorCode.InvalidJson));
            Assert.That(node.Error.Position, Is.EqualTo(prefix.Length), what);
            Assert.That(node.Error.Message, Does.Contain("RFC 8259 §8.1"));
        }
    }

    [Test]
    public void AnyWellFormedString_EscapedOrNot_DecodesLikeSystemTextJson()
    {
        // Strings of any Unicode scalar values, written both fully escaped and raw UTF-8.
        var text = Gen.Int[0, 0x10FFFF].Where(static c => c is < 0xD800 or > 0xDFFF).Array[0, 12]
            .Select(static cps => string.Concat(cps.Select(char.ConvertFromUtf32)));
        text.Sample(value =>
        {
            foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["a"] = value, ["k" + value] = "k" }, new JsonSerializerOptions { Encoder = encoder });
                var node = StrictJsonReader.ReadObject(json);
                if (!node.IsSuccess || node.Value["a"]!.Text != value || node.Value["k" + value]?.Text != "k")
                {
                    return false;
                }
            }

            return true;
        }, iter: 2000);
    }
}
