using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// The configured STI-CA trust anchors (roots approved by the STI-PA). Separate from the system TLS
/// roots used to fetch x5u over HTTPS. Immutable once built, and never empty: a verifier with no
/// anchors would trust nothing.
/// </summary>
public sealed class TrustAnchorStore
{
    private static readonly string[] FolderPatterns = ["*.pem", "*.crt", "*.cer"];

    private readonly X509Certificate2[] _anchors;

    private TrustAnchorStore(X509Certificate2[] anchors)
    {
        _anchors = anchors;
    }

    /// <summary>The anchors (duplicates removed), in the order given.</summary>
    public IReadOnlyList<X509Certificate2> Anchors => _anchors;

    /// <summary>Creates a store from certificates.</summary>
    /// <exception cref="ArgumentException">No certificate was given.</exception>
    public static TrustAnchorStore FromCertificates(IEnumerable<X509Certificate2> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var unique = new List<X509Certificate2>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            ArgumentNullException.ThrowIfNull(anchor, nameof(anchors));
            if (seen.Add(Convert.ToHexString(anchor.RawData)))
            {
                unique.Add(anchor);
            }
        }

        if (unique.Count == 0)
        {
            throw new ArgumentException("A trust-anchor store needs at least one certificate; with none, nothing would be trusted.", nameof(anchors));
        }

        return new TrustAnchorStore([.. unique]);
    }

    /// <summary>Creates a store from PEM text holding one or more certificates.</summary>
    /// <exception cref="ArgumentException">The text holds no certificate.</exception>
    /// <exception cref="InvalidDataException">A <c>CERTIFICATE</c> block is not a valid certificate.</exception>
    public static TrustAnchorStore FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return FromCertificates(ReadPem(pem, "PEM text"));
    }

    /// <summary>
    /// Loads anchors from PEM/DER files and/or folders (every <c>*.pem</c>, <c>*.crt</c>, <c>*.cer</c> in a folder).
    /// Throws <see cref="InvalidDataException"/> naming the file when one is not a certificate (configuration errors should be loud).
    /// </summary>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a folder.</exception>
    /// <exception cref="ArgumentException">No certificate was found.</exception>
    public static TrustAnchorStore Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var certificates = new List<X509Certificate2>();
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(paths));
            if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive };
                var files = FolderPatterns
                    .SelectMany(pattern => Directory.EnumerateFiles(path, pattern, options))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    certificates.AddRange(ReadFile(file));
                }
            }
            else if (File.Exists(path))
            {
                certificates.AddRange(ReadFile(path));
            }
            else
            {
                throw new FileNotFoundException($"Trust anchor path '{path}' is neither a file nor a folder.", path);
            }
        }

        if (certificates.Count == 0)
        {
            throw new ArgumentException($"No trust-anchor certificate found in: {string.Join(", ", paths)}.", nameof(paths));
        }

        return FromCertificates(certificates);
    }

    private static List<X509Certificate2> ReadFile(string file)
    {
        // No count limit here (unlike x5u bodies): an STI-PA trust list holds many roots.
        if (!CertificateChain.TryReadCertificates(File.ReadAllBytes(file), int.MaxValue, out var certificates, out var error))
        {
            throw new InvalidDataException($"Trust anchor file '{file}': {error}.");
        }

        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"Trust anchor file '{file}' holds no '-----BEGIN CERTIFICATE-----' block.");
        }

        return certificates;
    }

    private static List<X509Certificate2> ReadPem(string text, string what) =>
        CertificateChain.TryReadPem(text, int.MaxValue, out var certificates, out var error)
            ? certificates
            : throw new InvalidDataException($"{what}: {error}.");
}
