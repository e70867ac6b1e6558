using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StirShaken.Identity.Diagnostics;

namespace StirShaken.Identity.Verification;

/// <summary>Metrics, activity tags and logs of one verification (README "Certificate fetching and caching", telemetry).</summary>
public sealed partial class StirShakenVerifier
{
    private void Record(VerificationResult result, Activity? activity)
    {
        var outcome = result.Status switch
        {
            VerificationStatus.Passed => "passed",
            VerificationStatus.NoIdentity => "no_identity",
            _ => "failed",
        };
        var reason = result.Failure?.Reason.ToString() ?? "None";
        var code = result.Failure?.StatusCode ?? 0;
        _metrics?.Verification(outcome, reason, code);
        if (activity is not null)
        {
            activity.SetTag("stirshaken.outcome", outcome);
            activity.SetTag("stirshaken.reason", reason);
            if (result.Failure is { } failure)
            {
                activity.SetStatus(ActivityStatusCode.Error, reason);
                activity.SetTag("sip.response.status_code", failure.StatusCode);
            }
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            string? x5u = null;
            foreach (var header in result.Headers)
            {
                if ((header.Passport?.Header.X5u ?? header.Legacy?.Identity?.InfoUri) is { } url)
                {
                    x5u = url;
                    break;
                }
            }

            VerificationLog.Verified(_logger, outcome, code, reason, x5u is null ? null : LogFormat.Host(x5u));
        }

        if (result.Failure is { } detailed && _logger.IsEnabled(LogLevel.Debug))
        {
            VerificationLog.VerificationDetail(_logger, detailed.Detail);
        }
    }
}
