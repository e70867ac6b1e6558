using System.Net;
using StirShaken.Identity.Certificates.Fetching;

namespace StirShaken.Identity.Tests.Certificates.Fetching;

public class SpecialPurposeAddressesTests
{
    [TestCase("0.0.0.0")]
    [TestCase("0.1.2.3")]
    [TestCase("10.0.0.1")]
    [TestCase("10.255.255.255")]
    [TestCase("100.64.0.1")]
    [TestCase("100.127.255.254")]
    [TestCase("127.0.0.1")]
    [TestCase("127.1.2.3")]
    [TestCase("169.254.169.254")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.0.0.8")]
    [TestCase("192.0.2.10")]
    [TestCase("192.88.99.1")]
    [TestCase("192.168.1.1")]
    [TestCase("198.18.0.1")]
    [TestCase("198.19.255.255")]
    [TestCase("198.51.100.7")]
    [TestCase("203.0.113.9")]
    [TestCase("224.0.0.1")]
    [TestCase("239.255.255.250")]
    [TestCase("240.0.0.1")]
    [TestCase("255.255.255.255")]
    [TestCase("::")]
    [TestCase("::1")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:10.1.2.3")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("::127.0.0.1")]
    [TestCase("64:ff9b::7f00:1")]
    [TestCase("64:ff9b::a00:1")]
    [TestCase("64:ff9b:1::1")]
    [TestCase("100::1")]
    [TestCase("2001::1")]
    [TestCase("2001:10::1")]
    [TestCase("2001:db8::1")]
    [TestCase("2002:7f00:1::1")]
    [TestCase("2002:c0a8:101::1")]
    [TestCase("fc00::1")]
    [TestCase("fd12:3456::1")]
    [TestCase("fe80::1")]
    [TestCase("febf::1")]
    [TestCase("ff02::1")]
    public void Refused_by_default(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.Multiple(() =>
        {
            Assert.That(SpecialPurposeAddresses.IsSpecialPurpose(ip, out var range), Is.True);
            Assert.That(range, Is.Not.Null.And.Not.Empty);
            Assert.That(AddressFilter.Default.IsAllowed(ip, out var reason), Is.False);
            Assert.That(reason, Does.Contain("RFC 6890"));
        });
    }

    [TestCase("8.8.8.8")]
    [TestCase("1.1.1.1")]
    [TestCase("100.63.255.255")]
    [TestCase("100.128.0.0")]
    [TestCase("172.15.255.255")]
    [TestCase("172.32.0.0")]
    [TestCase("192.169.0.1")]
    [TestCase("198.20.0.1")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("2a00:1450:4001::1")]
    [TestCase("::ffff:8.8.8.8")]
    [TestCase("64:ff9b::808:808")]
    [TestCase("2002:808:808::1")]
    public void Globally_reachable_addresses_are_allowed(string address)
    {
        var ip = IPAddress.Parse(address);
        Assert.Multiple(() =>
        {
            Assert.That(SpecialPurposeAddresses.IsSpecialPurpose(ip, out var range), Is.False, range);
            Assert.That(AddressFilter.Default.IsAllowed(ip, out _), Is.True);
        });
    }

    [Test]
    public void Allow_list_opens_exactly_the_listed_networks()
    {
        var filter = AddressFilter.FromCidrs(["127.0.0.1/32", "10.20.0.0/16", "fd00::/8"]);
        Assert.Multiple(() =>
        {
            Assert.That(filter.IsAllowed(IPAddress.Parse("127.0.0.1"), out _), Is.True);
            Assert.That(filter.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1"), out _), Is.True, "IPv4-mapped form of an allowed address");
            Assert.That(filter.IsAllowed(IPAddress.Parse("127.0.0.2"), out _), Is.False);
            Assert.That(filter.IsAllowed(IPAddress.Parse("10.20.3.4"), out _), Is.True);
            Assert.That(filter.IsAllowed(IPAddress.Parse("10.21.0.1"), out _), Is.False);
            Assert.That(filter.IsAllowed(IPAddress.Parse("fd00::5"), out _), Is.True);
            Assert.That(filter.IsAllowed(IPAddress.Parse("fe80::1"), out _), Is.False);
            Assert.That(filter.IsAllowed(IPAddress.Parse("169.254.169.254"), out _), Is.False);
        });
    }

    [Test]
    public void Malformed_allow_list_entry_is_an_error() =>
        Assert.Throws<FormatException>(() => AddressFilter.FromCidrs(["not-a-network"]));
}
