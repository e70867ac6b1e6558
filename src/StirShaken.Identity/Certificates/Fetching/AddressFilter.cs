using System.Net;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// Decides whether the fetcher may connect to an address: every special-purpose address
/// (<see cref="SpecialPurposeAddresses"/>) is refused unless an operator explicitly allowed its
/// network (e.g. <c>127.0.0.1/32</c> for tests, or an internal certificate repository). Applied to
/// the address actually connected, after DNS resolution, so DNS rebinding cannot bypass it.
/// Thread-safe and immutable.
/// </summary>
internal sealed class AddressFilter
{
    private readonly IPNetwork[] _allowed;

    /// <summary>Creates a filter with an explicit allow-list of networks (may be empty).</summary>
    public AddressFilter(IEnumerable<IPNetwork>? allowedNetworks = null)
    {
        _allowed = allowedNetworks?.ToArray() ?? [];
    }

    /// <summary>The default filter: every special-purpose range refused, nothing allowed.</summary>
    public static AddressFilter Default { get; } = new();

    /// <summary>The explicitly allowed networks.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks => _allowed;

    /// <summary>Creates a filter from CIDR strings (<c>127.0.0.1/32</c>, <c>fd00::/8</c>).</summary>
    /// <exception cref="FormatException">A value is not a CIDR network.</exception>
    public static AddressFilter FromCidrs(IEnumerable<string>? cidrs) =>
        new(cidrs?.Select(c => IPNetwork.Parse(c.Trim())));

    /// <summary>Whether the fetcher may connect to <paramref name="address"/>; <paramref name="reason"/> says why not.</summary>
    public bool IsAllowed(IPAddress address, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!SpecialPurposeAddresses.IsSpecialPurpose(address, out var range))
        {
            reason = null;
            return true;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _allowed)
        {
            if (network.Contains(plain) || network.Contains(address))
            {
                reason = null;
                return true;
            }
        }

        reason = $"{address} is in the special-purpose range {range} (RFC 6890) and not in the allow-list";
        return false;
    }
}
