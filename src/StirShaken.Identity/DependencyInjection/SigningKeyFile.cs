using System.Security.Cryptography;
using StirShaken.Identity.Signing;

namespace StirShaken.Identity.DependencyInjection;

/// <summary>Checks at start that a signing key file holds a usable ES256 key, and says what it holds when it does not.</summary>
internal static class SigningKeyFile
{
    /// <summary>Null when <paramref name="pem"/> loads as a P-256 private key; otherwise what is wrong, e.g. "holds CERTIFICATE, not a private key".</summary>
    public static string? Check(string pem)
    {
        var labels = new List<string>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            labels.Add(rest[fields.Label].ToString());
            rest = rest[fields.Location.End..];
        }

        if (labels.Count == 0)
        {
            return "holds no PEM block (expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)";
        }

        if (!labels.Any(l => l.EndsWith("PRIVATE KEY", StringComparison.Ordinal)))
        {
            return $"holds {string.Join(", ", labels.Distinct())}, not a private key";
        }

        try
        {
            using var signer = PassportSigner.FromPem(pem, "https://key-check.invalid/sp.pem");
            return null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return $"holds {string.Join(", ", labels.Distinct())} that cannot sign ES256: {e.Message}";
        }
    }
}
