using System.Net;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Tests.Support;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

/// <summary>
/// Issue 8 §5: every IPv6 form that embeds an IPv4 address is judged by that address (SSRF, ATIS-1000074 §5.3.1).
/// The reported bypass was the IPv4-translated form <c>[::ffff:0:7f00:1]</c> (SIIT, RFC 2765 §2.1).
/// </summary>
public class EmbeddedIPv4Tests
{
    private static readonly string[] SpecialIPv4 = ["127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.1.1", "172.16.0.1", "100.64.0.1", "0.0.0.0"];

    // {0} = the IPv4 address as two hex groups (7f00:1), {1} = dotted.
    private static readonly (string Form, string Pattern)[] Embeddings =
    [
        ("IPv4-mapped", "::ffff:{1}"),
        ("IPv4-mapped (full)", "0:0:0:0:0:ffff:{0}"),
        ("IPv4-translated (SIIT)", "::ffff:0:{0}"),
        ("IPv4-translated dotted", "::ffff:0:{1}"),
        ("NAT64", "64:ff9b::{0}"),
        ("6to4", "2002:{0}::1"),
        ("ISATAP global", "2600:1f18::5efe:{0}"),
        ("ISATAP global, u bit", "2600:1f18::200:5efe:{0}"),
    ];

    public static IEnumerable<TestCaseData> Forms() =>
        from v4 in SpecialIPv4
        from embedding in Embeddings
        select new TestCaseData(embedding.Form, Spell(embedding.Pattern, v4)).SetName($"Refused {embedding.Form} {v4}");

    private static string Spell(string pattern, string v4)
    {
        var b = IPAddress.Parse(v4).GetAddressBytes();
        var hex = $"{(b[0] << 8) | b[1]:x}:{(b[2] << 8) | b[3]:x}";
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, hex, v4);
    }

    [TestCaseSource(nameof(Forms))]
    public void Every_embedding_of_a_special_ipv4_address_is_refused(string form, string spelled)
    {
        var ip = IPAddress.Parse(spelled);
        Assert.Multiple(() =>
        {
            Assert.That(SpecialPurposeAddresses.IsSpecialPurpose(ip, out var range), Is.True, $"{form} {spelled}");
            Assert.That(AddressFilter.Default.IsAllowed(ip, out var reason), Is.False);
            Assert.That(reason, Does.Contain("RFC 6890"));
        });
    }

    [TestCase("::ffff:0:808:808")]
    [TestCase("64:ff9b::808:808")]
    [TestCase("2002:808:808::1")]
    [TestCase("2600:1f18::5efe:808:808")]
    public void An_embedded_public_address_is_judged_by_that_address(string spelled) =>
        Assert.That(SpecialPurposeAddresses.IsSpecialPurpose(IPAddress.Parse(spelled), out var range), Is.False, range);

    [Test]
    public void Isatap_under_a_special_prefix_is_still_refused_by_the_prefix() =>
        Assert.That(SpecialPurposeAddresses.IsSpecialPurpose(IPAddress.Parse("fe80::5efe:808:808"), out var range), Is.True, range);

    [TestCase("[::ffff:0:7f00:1]")]
    [TestCase("[::ffff:0:127.0.0.1]")]
    [TestCase("[::ffff:7f00:1]")]
    [TestCase("[0:0:0:0:0:ffff:127.0.0.1]")]
    [TestCase("[64:ff9b::7f00:1]")]
    [TestCase("[2002:7f00:1::1]")]
    [TestCase("[2600:1f18::5efe:7f00:1]")]
    [TestCase("[::127.0.0.1]")]
    [TestCase("[::1]")]
    [TestCase("127.1")]
    [TestCase("2130706433")]
    [TestCase("0x7f.0.0.1")]
    [TestCase("0177.0.0.1")]
    [TestCase("127.0.0.1.")]
    [TestCase("localhost")]
    [TestCase("LOCALHOST.")]
    [TestCase("x.localhost")]
    public async Task Loopback_spellings_in_an_x5u_never_reach_the_server(string host)
    {
        await using var server = await TestHttpsServer.StartAsync();
        using var dns = new SilentDnsServer();
        server.MapText("/ssrf.pem", "not reached");
        var options = server.FetcherOptions(TimeSpan.FromSeconds(2));
        options.AllowedPrivateNetworks = [];
        options.DnsServers = [dns.Endpoint];
        options.DnsTimeout = TimeSpan.FromMilliseconds(200);
        using var source = new HttpsCertificateSource(options);
        var result = await source.GetCertificateChainAsync($"https://{host}:{server.Port}/ssrf.pem");
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.AnyOf(CertificateFetchFailure.PolicyRefused, CertificateFetchFailure.DnsFailure), result.Detail);
            Assert.That(server.Hits("/ssrf.pem"), Is.Zero, "no request reached the server");
        });
    }
}
