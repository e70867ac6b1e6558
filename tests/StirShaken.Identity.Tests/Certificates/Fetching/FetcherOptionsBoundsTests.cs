using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

/// <summary>Issue 8 §3: the DNS and bulkhead bounds are validated like every other fetch option.</summary>
public class FetcherOptionsBoundsTests
{
    [Test]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new CertificateFetcherOptions();
        var errors = new List<string>();
        options.CollectErrors(errors, string.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(options.DnsServers, Is.Empty, "the host's servers, never a public fallback");
            Assert.That(options.DnsTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
            Assert.That(options.MaxConcurrentDnsQueries, Is.EqualTo(32));
            Assert.That(options.DnsNegativeLifetime, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.MaxNegativeHosts, Is.EqualTo(4096));
            Assert.That(options.MaxConcurrentFetches, Is.EqualTo(64));
        });
    }

    [Test]
    public void Invalid_bounds_are_reported()
    {
        var options = new CertificateFetcherOptions
        {
            DnsServers = ["not-an-address"],
            DnsTimeout = TimeSpan.Zero,
            MaxConcurrentDnsQueries = 0,
            MaxNegativeHosts = 0,
        };
        var errors = new List<string>();
        options.CollectErrors(errors, "Fetcher.");
        Assert.That(errors, Has.Some.Contains("DnsServers").And.Some.Contains("DnsTimeout").And.Some.Contains("MaxConcurrentDnsQueries").And.Some.Contains("MaxNegativeHosts"));
    }

    [TestCase("203.0.113.53", 53)]
    [TestCase("203.0.113.53:5353", 5353)]
    [TestCase("[2001:db8::53]:53", 53)]
    public void Dns_server_spellings(string value, int port) =>
        Assert.That(HostResolver.ParseServer(value).Port, Is.EqualTo(port));
}
