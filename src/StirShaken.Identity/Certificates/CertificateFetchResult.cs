using System.Diagnostics.CodeAnalysis;

namespace StirShaken.Identity.Certificates;

/// <summary>The outcome of <see cref="ICertificateSource.GetCertificateChainAsync"/>.</summary>
public sealed class CertificateFetchResult
{
    private CertificateFetchResult(CertificateChain? chain, CertificateFetchFailure failure, string? detail)
    {
        Chain = chain;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>The chain, leaf first, when the fetch succeeded.</summary>
    public CertificateChain? Chain { get; }

    /// <summary>Why the fetch failed, or <see cref="CertificateFetchFailure.None"/>.</summary>
    public CertificateFetchFailure Failure { get; }

    /// <summary>A precise human-readable detail (status code, limit, exception message...).</summary>
    public string? Detail { get; }

    /// <summary>Whether a chain was obtained.</summary>
    [MemberNotNullWhen(true, nameof(Chain))]
    public bool IsSuccess => Chain is not null;

    /// <summary>Creates a successful result.</summary>
    public static CertificateFetchResult Ok(CertificateChain chain) => new(chain ?? throw new ArgumentNullException(nameof(chain)), CertificateFetchFailure.None, null);

    /// <summary>Creates a failed result.</summary>
    public static CertificateFetchResult Fail(CertificateFetchFailure failure, string detail) => new(null, failure, detail);
}
