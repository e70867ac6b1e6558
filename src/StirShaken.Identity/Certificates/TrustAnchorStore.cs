using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// A set of trust anchors (RFC 5280 §6.1.1 d), e.g. the STI-CA roots approved by the STI-PA
/// (ATIS-1000080). Separate from the system TLS roots used to fetch x5u over HTTPS. Immutable
/// once built, and never empty: a verifier with no anchors would trust nothing. Several stores can be
/// merged with <see cref="Combine"/>.
/// </summary>
public sealed class TrustAnchorStore
{
    /// <summary>Largest trust-anchor file read by <see cref="Load"/>: 1 MiB (an STI-PA list of 22 roots is about 20 KiB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

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

    /// <summary>
    /// A store trusting the anchors of every given store (duplicates removed, in order), for a validator that
    /// accepts chains from several trust domains. The given stores are unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">No store was given.</exception>
    public static TrustAnchorStore Combine(params TrustAnchorStore[] stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return FromCertificates(stores.SelectMany(store => (store ?? throw new ArgumentNullException(nameof(stores))).Anchors));
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
    /// Throws <see cref="InvalidDataException"/> naming the file when one is not a certificate, not a regular file
    /// (FIFO, device) or larger than <see cref="MaxFileBytes"/> (configuration errors should be loud).
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
        // No count limit here (unlike x5u bodies): an STI-PA trust list holds many roots. A size limit and
        // regular files only: a FIFO or /dev/zero named as an anchor must fail, not hang or exhaust memory.
        var read = CertificateChain.ReadCertificates(BoundedFile.ReadAllBytes(file, MaxFileBytes, "Trust anchor file"), int.MaxValue);
        if (!read.IsSuccess)
        {
            throw new InvalidDataException($"Trust anchor file '{file}': {read.Error.Message}.");
        }

        var certificates = read.Value;
        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"Trust anchor file '{file}' holds no '-----BEGIN CERTIFICATE-----' block.");
        }

        return certificates;
    }

    private static List<X509Certificate2> ReadPem(string text, string what)
    {
        var read = CertificateChain.ReadPem(text, int.MaxValue);
        return read.IsSuccess ? read.Value : throw new InvalidDataException($"{what}: {read.Error.Message}.");
    }
}
