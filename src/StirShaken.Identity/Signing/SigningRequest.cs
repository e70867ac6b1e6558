using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Signing;

/// <summary>What to sign in a SHAKEN PASSporT (RFC 8588).</summary>
public sealed class SigningRequest
{
    /// <summary>Creates a request. Numbers are canonicalized (RFC 8224 §8.3) when the PASSporT is built.</summary>
    /// <param name="origTn">The calling number (e.g. <c>+1 215-555-1212</c> or <c>12155551212</c>).</param>
    /// <param name="destTns">The called number(s).</param>
    /// <param name="attestation">The attestation level.</param>
    public SigningRequest(string origTn, IEnumerable<string> destTns, Attestation attestation)
    {
        OrigTn = origTn ?? throw new ArgumentNullException(nameof(origTn));
        DestTns = [.. destTns ?? throw new ArgumentNullException(nameof(destTns))];
        Attestation = attestation;
    }

    /// <summary>The calling number.</summary>
    public string OrigTn { get; }

    /// <summary>The called numbers.</summary>
    public IReadOnlyList<string> DestTns { get; }

    /// <summary>The attestation level.</summary>
    public Attestation Attestation { get; }

    /// <summary>The origination identifier; default a new random UUID (RFC 8588 §4, RFC 4122).</summary>
    public string? OrigId { get; init; }

    /// <summary>The <c>iat</c>; default the signer's current time.</summary>
    public DateTimeOffset? IssuedAt { get; init; }
}
