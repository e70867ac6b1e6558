using Microsoft.Extensions.Logging;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Diagnostics;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The optional collaborators of a <see cref="StirShakenVerifier"/> beyond its certificate source and validator
/// (what the hosting integration wires). Every member may be left null for its documented default.
/// </summary>
public sealed class StirShakenVerifierDependencies
{
    /// <summary>CRL checking after the signature verifies (ATIS-1000074 §5.3.1); null = none.</summary>
    public CrlChecker? Revocation { get; init; }

    /// <summary>Which x5u/info URLs may be dereferenced; null = <see cref="X5uUrlPolicy.Default"/>.</summary>
    public X5uUrlPolicy? UrlPolicy { get; init; }

    /// <summary>The clock for freshness and certificate validity; null = <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Outcome logging (code, reason, x5u host; details at Debug only); null = none.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Trust anchors for RFC 4474 domain certificates (the CAs that issue the certificates at Identity-Info URLs; not
    /// STI-CAs). When set and not empty, legacy <c>Identity</c> + <c>Identity-Info</c> requests are verified (RFC 4474 §6,
    /// <see cref="DomainCertificateProfile"/>); null = legacy verification off (README "Legacy RFC 4474 (Identity-Info)").
    /// </summary>
    public TrustAnchorStore? LegacyTrustAnchors { get; init; }

    /// <summary>Verification counters; null = none.</summary>
    public StirShakenMetrics? Metrics { get; init; }

    /// <summary>
    /// The result cache to share with other verifiers of the process (README "Repeats and replays"); null = the verifier
    /// creates its own from <see cref="VerifierOptions.ResultCache"/>. Not used when that is disabled.
    /// </summary>
    public PassportVerificationCache? ResultCache { get; init; }

    /// <summary>
    /// The replay store to share with other verifiers of the process (RFC 8224 §12.1); null = the verifier creates its own from
    /// <see cref="VerifierOptions.Replay"/>. Not used when the policy is <see cref="ReplayPolicy.Off"/>.
    /// </summary>
    public ReplayDetector? ReplayDetector { get; init; }

    /// <summary>Where RCD icons and jCards are fetched from when <see cref="RichCallDataOptions.FetchContent"/> is on (e.g. <see cref="HttpsRichCallDataContentSource"/>); null = none.</summary>
    public IRichCallDataContentSource? RichCallDataContent { get; init; }
}
