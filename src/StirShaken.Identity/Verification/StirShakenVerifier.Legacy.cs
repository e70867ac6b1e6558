using StirShaken.Identity.Certificates;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Verification;

// RFC 4474 Identity + Identity-Info (README "Legacy RFC 4474 (Identity-Info)"): verified when legacy trust anchors
// are configured and no RFC 8224 header decides; each legacy header gets an outcome.
public sealed partial class StirShakenVerifier
{
    private LegacyIdentityVerifier? CreateLegacyVerifier(ICertificateSource certificates, StirShakenVerifierDependencies? dependencies)
    {
        var anchors = dependencies?.LegacyTrustAnchors;
        if (_options.LegacyIdentity == LegacyIdentityPolicy.Verify && anchors is null)
        {
            throw new ArgumentException("LegacyIdentityPolicy.Verify needs legacy trust anchors: set StirShakenVerifierDependencies.LegacyTrustAnchors.", nameof(dependencies));
        }

        return anchors is null || _options.LegacyIdentity == LegacyIdentityPolicy.Ignore
            ? null
            : new LegacyIdentityVerifier(certificates, anchors, dependencies!.UrlPolicy ?? X5uUrlPolicy.Default, _options);
    }

    /// <summary>
    /// Adds an outcome for each legacy header to <paramref name="outcomes"/> (kept in message order). When an RFC 8224 header
    /// was examined (verified or failed), it decides: the legacy headers are reported as skipped, unverified, and null is
    /// returned. Otherwise the legacy headers are verified and decide: passed when one verifies, else the most specific failure.
    /// </summary>
    private async ValueTask<VerificationResult?> VerifyLegacyAsync(SipMessage message, IReadOnlyList<string> values, List<int> legacy, List<IdentityHeaderOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rfc8224Decides = outcomes.Exists(o => o.Status != IdentityHeaderStatus.Skipped);
        IdentityHeaderOutcome? passed = null;
        IdentityHeaderOutcome? worst = null;
        foreach (var index in legacy)
        {
            IdentityHeaderOutcome outcome;
            if (rfc8224Decides)
            {
                outcome = new IdentityHeaderOutcome(index, values[index], null, IdentityHeaderStatus.Skipped, null, null, null);
            }
            else
            {
                var verification = await _legacy!.VerifyAsync(values[index], message, now, cancellationToken).ConfigureAwait(false);
                outcome = new IdentityHeaderOutcome(index, values[index], null, verification.IsSuccess ? IdentityHeaderStatus.Verified : IdentityHeaderStatus.Failed,
                    verification.Failure, null, null, verification);
                passed ??= verification.IsSuccess ? outcome : null;
                if (verification.Failure is { } failure && (worst is null || failure.Status.IdentityFailurePrecedence > worst.Failure!.Status.IdentityFailurePrecedence))
                {
                    worst = outcome;
                }
            }

            outcomes.Add(outcome);
        }

        outcomes.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (rfc8224Decides)
        {
            return null;
        }

        return passed is not null
            ? Finish(VerificationStatus.Passed, outcomes, null, passed)
            : Finish(VerificationStatus.Failed, outcomes, worst!.Failure, worst);
    }
}
