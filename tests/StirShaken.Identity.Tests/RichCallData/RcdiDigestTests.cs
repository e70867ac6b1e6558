using System.Text;
using System.Text.Json;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Tests.Rcd;

/// <summary>rcdi digests (RFC 9795 §6) against every vector of Vectors/Rcd, and the canonical writer's bytes.</summary>
public class RcdiDigestTests
{
    // RFC 9795 §8.3: the 5×5 PNG carried as a data: URI.
    private static readonly byte[] SamplePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFCAYAAACNbyblAAAAHElEQVQI12P4//8/w38GIAXDIBKE0DHxgljNBAAO9TXL0Y4OHwAAAABJRU5ErkJggg==");

    private static byte[] AcmeBytes => File.ReadAllBytes(Vectors.Path("Rcd", "acme_jcard_compact.json"));

    private const string AcmeJCardAsSigned =
        "[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Acme Pharmacy\"],[\"org\",{},\"text\",\"Acme Health Inc.;Pharmacy\"]," +
        "[\"logo\",{},\"uri\",\"https://example.com/logos/acme-64x64.png\"],[\"tel\",{\"type\":[\"work\",\"voice\"],\"pref\":\"1\"},\"uri\",\"tel:+1-202-555-0142\"]]]";

    private static string Quoted(string text) => RichCallDataDigest.ComputeForJson(JsonSerializer.SerializeToElement(text));

    [Test]
    public void WorkedExample_JcdBytes_AllAlgorithms()
    {
        Assert.That(AcmeBytes, Has.Length.EqualTo(252));
        Assert.That(RichCallDataDigest.Compute(AcmeBytes), Is.EqualTo("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI"));
        Assert.That(RichCallDataDigest.Compute(AcmeBytes, padded: true), Is.EqualTo("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI="));
        Assert.That(RichCallDataDigest.Compute(AcmeBytes, "sha384"), Is.EqualTo("sha384-bC/ecvvnTVDhHaM/8sxCqZNl2hIf8ke+9VXWkrOsadTxnIqp/+irQ9CKiaXYipmZ"));
        Assert.That(RichCallDataDigest.Compute(AcmeBytes, "sha512"), Is.EqualTo("sha512-X4X2tDXlUzEDZToHpAF+KaqpLgs1AV2SROtX62Z1hHZDhmQu/mSwlYoQSDSPdE3h8j04ebwwiC84qzTpmoKshg"));
    }

    [Test]
    public void WorkedExample_TheJCardAsSigned_SerializesToTheDigestedBytes_ParamsReordered()
    {
        var card = JCard.TryParse(AcmeJCardAsSigned);
        Assert.That(card.IsSuccess, Is.True, card.ToString());
        Assert.That(Encoding.UTF8.GetBytes(card.Value!.ToCanonicalJson()), Is.EqualTo(AcmeBytes));
        Assert.That(RichCallDataDigest.ComputeForJson(JsonDocument.Parse(AcmeJCardAsSigned).RootElement), Is.EqualTo("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI"));
        Assert.That(card.Value.FormattedName, Is.EqualTo("Acme Pharmacy"));
        Assert.That(card.Value.Organization, Is.EqualTo("Acme Health Inc.;Pharmacy"));
        Assert.That(card.Value.Logos, Is.EqualTo(new[] { "https://example.com/logos/acme-64x64.png" }));
        Assert.That(card.Value.Telephones, Is.EqualTo(new[] { "tel:+1-202-555-0142" }));
        Assert.That(card.Value.UriReferences.Select(u => u.Pointer), Is.EqualTo(new[] { "/1/3/3" }), "tel: is not fetchable content");
    }

    [Test]
    public void StringDigests_IncludeTheQuotes()
    {
        Assert.That(Quoted("Acme Pharmacy"), Is.EqualTo("sha256-D2w3i40qS4CjXJ7NzZHvx2qGa5XhiBQO6PGyGz/9lWk"));
        Assert.That(RichCallDataDigest.Compute("Acme Pharmacy"u8), Is.EqualTo("sha256-iN9VepWWKfTmrGTccHkD+xPaElTTx4GnUJ+29UGPPH4"), "the pre-RFC bare-string reading");
        // RFC 9795 §8.3 /nam.
        Assert.That(Quoted("Q Branch Spy Gadgets"), Is.EqualTo("sha256-sM275lTgzCte+LHOKHtU4SxG8shlOo6OS4ot8IJQImY"));
        Assert.That(RichCallDataDigest.Compute("Q Branch Spy Gadgets"u8), Is.EqualTo("sha256-tbh37rWCJ/BF9cuhFJFpJTWb8sVRb0L2F6iGDVZSBLo"));
    }

    [Test]
    public void RfcJCardExamples_DigestTheCompactSerialization()
    {
        const string jcard613 = "[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Q Branch\"],[\"org\",{},\"text\",\"MI6;Q Branch Spy Gadgets\"]," +
            "[\"photo\",{},\"uri\",\"https://example.com/photos/quartermaster-256x256.png\"],[\"logo\",{},\"uri\",\"https://example.com/logos/mi6-256x256.jpg\"],[\"logo\",{},\"uri\",\"https://example.com/logos/mi6-64x64.jpg\"]]]";
        var jcard83 = jcard613.Replace("quartermaster-256x256", "q-256x256", StringComparison.Ordinal);
        Assert.That(RichCallDataDigest.ComputeForJson(JsonDocument.Parse(jcard613).RootElement), Is.EqualTo("sha256-7kdCBZqH0nqMSPsmABvsKlHPhZEStgjojhdSJGRr3rk"));
        Assert.That(RichCallDataDigest.ComputeForJson(JsonDocument.Parse(jcard83).RootElement), Is.EqualTo("sha256-qCn4pEH6BJu7zXndLFuAP6DwlTv5fRmJ1AFkqftwnCs"));
        // The pretty-printed (indent 2) files the RFC displays do not give the printed digests.
        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(jcard83).RootElement, new JsonSerializerOptions { WriteIndented = true });
        Assert.That(RichCallDataDigest.Compute(Encoding.UTF8.GetBytes(pretty)), Is.Not.EqualTo("sha256-qCn4pEH6BJu7zXndLFuAP6DwlTv5fRmJ1AFkqftwnCs"));
    }

    [Test]
    public void RfcUriDigests_AreDigestsOfTheQuotedUrlStrings_NotOfImages()
    {
        // Decision 5 (README "Rich Call Data"): illustrative values; our verifier digests the fetched bytes.
        Assert.That(Quoted("https://example.com/photos/quartermaster-256x256.png"), Is.EqualTo("sha256-RojgWwU6xUtI4q82+kHPyHm1JKbm7+663bMvzymhkl4"));
        Assert.That(Quoted("https://example.com/logos/mi6-256x256.jpg"), Is.EqualTo("sha256-jL4f47fF82LuwcrOrSyckA4SWrlElfARHkW6kYo1JdI"));
        Assert.That(Quoted("https://example.com/logos/mi6-64x64.jpg"), Is.EqualTo("sha256-GKNxxqlLRarbyBNh7hc/4lbZAdK6B0kMRf1AMRWPkSo"));
        Assert.That(Quoted("https://example.com/photos/q-256x256.png"), Is.EqualTo("sha256-PPj8S8A3deuUtfr9WiqZ9M+oyCjHBvx4WS7shgQDVOY"));
        Assert.That(RichCallDataDigest.Compute("https://example.com/photos/q-256x256.png"u8), Is.EqualTo("sha256-TolkDocZfSHDQqvgA2GigR2refNXMTvDLdpRC2Z744o"));
        Assert.That(RichCallDataDigest.Compute("https://example.com/photos/quartermaster-256x256.png"u8), Is.EqualTo("sha256-HPfsFpitb2uqb1OMEmXeCjcrPXhzX6rZ2YU16lekr+Q"));
        Assert.That(RichCallDataDigest.Compute("https://example.com/logos/mi6-256x256.jpg"u8), Is.EqualTo("sha256-QI3UT1K/l8yglImasl1YDnrG6kfgyLLG4qa05z+jYpk"));
        Assert.That(RichCallDataDigest.Compute("https://example.com/logos/mi6-64x64.jpg"u8), Is.EqualTo("sha256-yU/y65zCBUSv/mcNEKtGrsmyaT+KKF4rKQnmiZpkga4"));
    }

    [Test]
    public void SamplePng_Digest()
    {
        Assert.That(SamplePng, Has.Length.EqualTo(85));
        Assert.That(RichCallDataDigest.Compute(SamplePng), Is.EqualTo("sha256-SnEfXNA8Cf15ri8Zuy9xFo5xwYt1YmJqGujZnrwyEv8"));
    }

    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI", true)]
    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI=", true)]
    [TestCase("sha384-bC/ecvvnTVDhHaM/8sxCqZNl2hIf8ke+9VXWkrOsadTxnIqp/+irQ9CKiaXYipmZ", true)]
    [TestCase("sha512-X4X2tDXlUzEDZToHpAF+KaqpLgs1AV2SROtX62Z1hHZDhmQu/mSwlYoQSDSPdE3h8j04ebwwiC84qzTpmoKshg==", true)]
    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PA", false)]
    [TestCase("SHA256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI", false)]
    [TestCase("sha-256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI", false)]
    [TestCase("sha1-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI", false)]
    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0-0X2486ylUfm_y-xAk-PI", false)]
    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+", false)]
    [TestCase("sha256-RQwzw1oortG8wIoeqGH7z0+0X2486ylUfm/y+xAk+PI==", false)]
    [TestCase("sha256-", false)]
    [TestCase("", false)]
    public void Verify_AcceptsPaddedAndUnpadded_StandardAlphabetOnly(string value, bool expected) =>
        Assert.That(RichCallDataDigest.Verify(value, AcmeBytes), Is.EqualTo(expected));

    [Test]
    public void CanonicalWriter_EscapesOnlyQuoteBackslashAndControls()
    {
        var node = JsonNode.String("a\"b\\c/d+e<f>&'\u007f\u0001\n\t\b\f\rÜ😀\u2028");
        var bytes = CanonicalJsonWriter.ToUtf8(node);
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("\"a\\\"b\\\\c/d+e<f>&'\u007f\\u0001\\n\\t\\b\\f\\rÜ😀\u2028\""));
        Assert.That(RichCallDataDigest.Compute(bytes), Is.EqualTo(RichCallDataDigest.Compute(Encoding.UTF8.GetBytes("\"a\\\"b\\\\c/d+e<f>&'\u007f\\u0001\\n\\t\\b\\f\\rÜ😀\u2028\""))));
    }

    [Test]
    public void CanonicalWriter_UnicodeName_IsRawUtf8()
    {
        Assert.That(CanonicalJsonWriter.ToUtf8(JsonNode.String("Zoë Ångström 東京")), Is.EqualTo(Encoding.UTF8.GetBytes("\"Zoë Ångström 東京\"")));
        Assert.That(Quoted("Zoë"), Is.EqualTo(RichCallDataDigest.Compute(Encoding.UTF8.GetBytes("\"Zoë\""))));
    }
}
