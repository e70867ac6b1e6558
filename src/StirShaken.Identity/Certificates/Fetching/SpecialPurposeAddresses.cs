using System.Net;
using System.Net.Sockets;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// The RFC 6890 special-purpose address registry (IPv4 and IPv6, with RFC 6598 CGNAT and the
/// later RFC 8215 NAT64 local-use block): addresses an x5u or CRL fetch must never connect to,
/// because they reach the verifier's own host or private networks (SSRF, ATIS-1000074 §5.3.1). IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64
/// well-known prefix, 6to4) are judged by the embedded address (see <see cref="TryGetEmbeddedIPv4"/>).
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
            // An embedded IPv4 address is judged first; the IPv6 address itself then meets the table (ISATAP under fe80::).
            if (TryGetEmbeddedIPv4(address, out var embedded, out var form) && IsSpecialPurpose(embedded, out var inner))
            {
                range = $"{form} embedding {inner}";
                return true;
            }

            var bytes = address.GetAddressBytes();

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

    /// <summary>
    /// The IPv4 address carried by an IPv6 address in one of the standard embeddings, each judged by that
    /// address: IPv4-mapped <c>::ffff:0:0/96</c> (RFC 4291 §2.5.5.2), IPv4-translated <c>::ffff:0:0:0/96</c>
    /// (SIIT, RFC 2765 §2.1 / RFC 6145), NAT64 well-known prefix <c>64:ff9b::/96</c> (RFC 6052 §2.1),
    /// 6to4 <c>2002::/16</c> (RFC 3056 §2) and ISATAP interface identifiers <c>::0:5efe:a.b.c.d</c> /
    /// <c>::200:5efe:a.b.c.d</c> under any prefix (RFC 5214 §6.1). The deprecated IPv4-compatible form
    /// <c>::a.b.c.d</c> and Teredo (<c>2001::/32</c>) lie in ranges refused whole.
    /// </summary>
    internal static bool TryGetEmbeddedIPv4(IPAddress address, out IPAddress ipv4, out string form)
    {
        ipv4 = IPAddress.None;
        form = string.Empty;
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        var zero8 = b[..8].IndexOfAnyExcept((byte)0) < 0;
        if (zero8 && b[8] == 0 && b[9] == 0 && b[10] == 0xFF && b[11] == 0xFF)
        {
            form = "IPv4-mapped ::ffff:0:0/96";
        }
        else if (zero8 && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            form = "IPv4-translated ::ffff:0:0:0/96 (SIIT)";
        }
        else if (Nat64.Contains(address))
        {
            form = "NAT64 64:ff9b::/96";
        }
        else if (SixToFour.Contains(address))
        {
            ipv4 = new IPAddress(b.Slice(2, 4));
            form = "6to4 2002::/16";
            return true;
        }
        else if (b[8] is 0x00 or 0x02 && b[9] == 0 && b[10] == 0x5E && b[11] == 0xFE)
        {
            form = "ISATAP ::5efe:0:0/96 interface identifier";
        }
        else
        {
            return false;
        }

        ipv4 = new IPAddress(b.Slice(12, 4));
        return true;
    }
}
