using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Tests.Sip;

[TestFixture]
public class SipDateTests
{
    private const string Text = "Tue, 16 Aug 2016 19:23:38 GMT";

    [Test]
    public void Rfc1123Date_ParsesToUnixTime()
    {
        var result = SipDate.TryParse(Text);
        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.None));
        Assert.That(result.Value.ToUnixTimeSeconds(), Is.EqualTo(1471375418));
        Assert.That(result.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Format_ProducesRfc1123Gmt()
    {
        var local = DateTimeOffset.FromUnixTimeSeconds(1471375418).ToOffset(TimeSpan.FromHours(-5));
        Assert.That(SipDate.Format(local), Is.EqualTo(Text));
    }

    [TestCase("Tue, 16 Aug 2016 19:23:38 UTC", TestName = "Date_NonGmtZone_IsRejected")]
    [TestCase("Tue, 16 Aug 2016 19:23:38 +0000", TestName = "Date_NumericOffset_IsRejected")]
    [TestCase("Wed, 16 Aug 2016 19:23:38 GMT", TestName = "Date_WrongWeekday_IsRejected")]
    [TestCase("Tue, 6 Aug 2016 19:23:38 GMT", TestName = "Date_OneDigitDay_IsRejected")]
    [TestCase("2016-08-16T19:23:38Z", TestName = "Date_Iso8601_IsRejected")]
    [TestCase("Tue, 31 Feb 2016 19:23:38 GMT", TestName = "Date_ImpossibleDay_IsRejected")]
    public void InvalidDate_IsRejected(string? text)
    {
        var result = SipDate.TryParse(text);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Error.Code, Is.EqualTo(ParseErrorCode.InvalidDate));
        Assert.That(() => SipDate.TryParse(text).GetValueOrThrow(), Throws.TypeOf<SipParseException>());
    }

    [TestCase("", TestName = "Date_Empty_IsRejected")]
    [TestCase(null, TestName = "Date_Null_IsRejected")]
    public void AbsentDate_IsEmpty(string? text)
    {
        Assert.That(SipDate.TryParse(text).Error.Code, Is.EqualTo(ParseErrorCode.Empty));
    }

    // The fast reader of the canonical form and DateTime.TryParseExact must agree on every input (README "Performance").
    [Test]
    public void Fast_reader_agrees_with_the_framework_parser()
    {
        var random = new Random(3261);
        for (var i = 0; i < 5_000; i++)
        {
            var instant = DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(-2_000_000_000L, 4_000_000_000L));
            var text = SipDate.Format(instant);
            string[] variants =
            [
                text,
                text.ToLowerInvariant(),
                text.Replace(text[..3], "Xyz"),
                string.Concat(text.AsSpan(0, 5), "3", text.AsSpan(6)), // another day: usually the wrong weekday
                string.Concat(text.AsSpan(0, 17), "24", text.AsSpan(19)),
            ];
            foreach (var variant in variants)
            {
                var expected = System.DateTime.TryParseExact(variant, "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed);
                var actual = SipDate.TryParse(variant);
                Assert.That(actual.IsSuccess, Is.EqualTo(expected), variant);
                if (expected)
                {
                    Assert.That(actual.Value.UtcDateTime, Is.EqualTo(System.DateTime.SpecifyKind(parsed, System.DateTimeKind.Utc)), variant);
                }
            }

            Assert.That(SipDate.TryParse(text).Value, Is.EqualTo(instant), text);
        }
    }
}
