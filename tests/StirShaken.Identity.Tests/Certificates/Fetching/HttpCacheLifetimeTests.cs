using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

public class HttpCacheLifetimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FarNotAfter = Now.AddYears(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static HttpFreshness Parse(string? cacheControl = null, string? expires = null, string? date = null)
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        if (cacheControl is not null)
        {
            response.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        if (date is not null)
        {
            response.Headers.TryAddWithoutValidation("Date", date);
        }

        if (expires is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Expires", expires);
        }

        return HttpCacheLifetime.Parse(response.Headers, response.Content.Headers, Now);
    }

    [Test]
    public void Directives_are_read_with_s_maxage_first()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse(), Is.EqualTo(HttpFreshness.None));
            Assert.That(Parse("max-age=3600").Lifetime, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(Parse("public, max-age=3600, s-maxage=172800").Lifetime, Is.EqualTo(TimeSpan.FromHours(48)));
            Assert.That(Parse("no-store").NoStore, Is.True);
            Assert.That(Parse("no-cache").Lifetime, Is.EqualTo(TimeSpan.Zero));
            Assert.That(Parse(null, "Sat, 03 Jan 2026 00:00:00 GMT", "Thu, 01 Jan 2026 00:00:00 GMT").Lifetime, Is.EqualTo(TimeSpan.FromHours(48)));
            Assert.That(Parse(null, "0").Lifetime, Is.EqualTo(TimeSpan.Zero), "invalid Expires = already expired");
            Assert.That(Parse("max-age=60", "Sat, 03 Jan 2026 00:00:00 GMT").Lifetime, Is.EqualTo(TimeSpan.FromMinutes(1)), "max-age beats Expires");
        });
    }

    [Test]
    public void Atis_rule_no_directive_or_shorter_than_24h_means_24h()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HttpCacheLifetime.ExpiresAt(HttpFreshness.None, Now, FarNotAfter, Day, Week), Is.EqualTo(Now + Day));
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(false, TimeSpan.FromMinutes(5)), Now, FarNotAfter, Day, Week), Is.EqualTo(Now + Day));
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(false, TimeSpan.FromHours(48)), Now, FarNotAfter, Day, Week), Is.EqualTo(Now.AddHours(48)));
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(false, TimeSpan.FromDays(300)), Now, FarNotAfter, Day, Week), Is.EqualTo(Now + Week), "bounded by MaxLifetime");
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(false, TimeSpan.FromHours(48)), Now, Now.AddHours(3), Day, Week), Is.EqualTo(Now.AddHours(3)), "capped at notAfter");
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(true, null), Now, FarNotAfter, Day, Week), Is.Null, "no-store honoured");
            Assert.That(HttpCacheLifetime.ExpiresAt(new HttpFreshness(true, null), Now, FarNotAfter, Day, Week, honorNoStore: false), Is.EqualTo(Now + Day));
            Assert.That(HttpCacheLifetime.ExpiresAt(HttpFreshness.None, Now, Now.AddSeconds(-1), Day, Week), Is.Null, "already expired certificate");
        });
    }
}
