using System.Net;
using System.Net.Sockets;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// The RFC 6890 special-purpose address registry (IPv4 and IPv6, with RFC 6598 CGNAT and the
/// later RFC 8215 NAT64 local-use block): addresses an x5u or CRL fetch must never connect to,
/// because they reach the verifier's own host or private networks (SSRF, ATIS-1000074 §5.3.1). IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64
/// well-known prefix, 6to4) are judged by the embedded address.
/// </summary>
internal static class SpecialPurposeAddresses
{
    private static readonly (IPNetwork Network, string Name)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "0.0.0.0/8 \"this network\""),
        (IPNetwork.Parse("10.0.0.0/8"), "10.0.0.0/8 private"),
        (IPNetwork.Parse("100.64.0.0/10"), "100.64.0.0/10 shared address space (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "127.0.0.0/8 loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "169.254.0.0/16 link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "172.16.0.0/12 private"),
        (IPNetwork.Parse("192.0.0.0/24"), "192.0.0.0/24 IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "192.0.2.0/24 documentation (TEST-NET-1)"),
        (IPNetwork.Parse("192.88.99.0/24"), "192.88.99.0/24 6to4 relay anycast"),
        (IPNetwork.Parse("192.168.0.0/16"), "192.168.0.0/16 private"),
        (IPNetwork.Parse("198.18.0.0/15"), "198.18.0.0/15 benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "198.51.100.0/24 documentation (TEST-NET-2)"),
        (IPNetwork.Parse("203.0.113.0/24"), "203.0.113.0/24 documentation (TEST-NET-3)"),
        (IPNetwork.Parse("224.0.0.0/4"), "224.0.0.0/4 multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "240.0.0.0/4 reserved (and 255.255.255.255 broadcast)"),
        (IPNetwork.Parse("::/128"), "::/128 unspecified"),
        (IPNetwork.Parse("::1/128"), "::1/128 loopback"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "64:ff9b:1::/48 local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "100::/64 discard-only"),
        (IPNetwork.Parse("2001::/23"), "2001::/23 IETF protocol assignments (Teredo, ORCHID, benchmarking...)"),
        (IPNetwork.Parse("2001:db8::/32"), "2001:db8::/32 documentation"),
        (IPNetwork.Parse("fc00::/7"), "fc00::/7 unique local (ULA)"),
        (IPNetwork.Parse("fe80::/10"), "fe80::/10 link-local"),
        (IPNetwork.Parse("fec0::/10"), "fec0::/10 site-local (deprecated)"),
        (IPNetwork.Parse("ff00::/8"), "ff00::/8 multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>
    /// Whether <paramref name="address"/> lies in a special-purpose range; <paramref name="range"/>
    /// names the range (e.g. <c>127.0.0.0/8 loopback</c>). Never throws.
    /// </summary>
    public static bool IsSpecialPurpose(IPAddress address, out string? range)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return Embedded(address.MapToIPv4(), "IPv4-mapped ", out range);
            }

            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address))
            {
                return Embedded(new IPAddress(bytes.AsSpan(12, 4)), "NAT64 64:ff9b::/96 embedding ", out range);
            }

            if (SixToFour.Contains(address))
            {
                return Embedded(new IPAddress(bytes.AsSpan(2, 4)), "6to4 2002::/16 embedding ", out range);
            }

            // Deprecated IPv4-compatible form ::a.b.c.d (not :: or ::1, handled by the table).
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
            {
                range = "::/96 IPv4-compatible (deprecated)";
                return true;
            }
        }
        else if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            range = $"address family {address.AddressFamily}";
            return true;
        }

        foreach (var (network, name) in Ranges)
        {
            if (network.Contains(address))
            {
                range = name;
                return true;
            }
        }

        range = null;
        return false;
    }

    private static bool Embedded(IPAddress ipv4, string prefix, out string? range)
    {
        if (IsSpecialPurpose(ipv4, out var inner))
        {
            range = prefix + inner;
            return true;
        }

        range = null;
        return false;
    }
}
