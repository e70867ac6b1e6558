using System.Collections.Concurrent;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace StirShaken.Identity.Certificates.Revocation;

/// <summary>A parsed CRL with its revoked serials indexed (the status lookup is O(1) until nextUpdate).</summary>
internal sealed class ParsedCrl
{
    private readonly HashSet<BigInteger> _revoked;
    private readonly ConcurrentDictionary<string, bool> _signatureChecks = new(StringComparer.Ordinal);

    private ParsedCrl(X509Crl crl, string source)
    {
        Crl = crl;
        Source = source;
        ThisUpdate = new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc));
        NextUpdate = crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
        _revoked = [.. (crl.GetRevokedCertificates() ?? (IEnumerable<X509CrlEntry>)[]).Select(e => e.SerialNumber)];
    }

    public X509Crl Crl { get; }

    public string Source { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    public bool IsRevoked(BigInteger serial) => _revoked.Contains(serial);

    /// <summary>Parses DER or PEM; returns null with an error for anything else. Never throws.</summary>
    public static ParsedCrl? TryParse(byte[] data, string source, out string? error)
    {
        try
        {
            var crl = new X509CrlParser().ReadCrl(data);
            if (crl is null)
            {
                error = "no CRL in the data";
                return null;
            }

            error = null;
            return new ParsedCrl(crl, source);
        }
#pragma warning disable CA1031 // BouncyCastle throws many types on malformed input.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = $"not a CRL ({e.GetType().Name}: {e.Message})";
            return null;
        }
    }

    /// <summary>Whether the CRL signature verifies with <paramref name="issuer"/>'s key (memoized per issuer).</summary>
    public bool VerifiedBy(X509Certificate issuer, string issuerId) => _signatureChecks.GetOrAdd(issuerId, _ =>
    {
        try
        {
            Crl.Verify(issuer.GetPublicKey());
            return true;
        }
#pragma warning disable CA1031 // A bad signature is an answer, not an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    });
}
