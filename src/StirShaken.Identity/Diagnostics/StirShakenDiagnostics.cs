using System.Diagnostics;

namespace StirShaken.Identity.Diagnostics;

/// <summary>Names under which the library publishes traces and metrics (subscribe to both in OpenTelemetry).</summary>
public static class StirShakenDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>StirShaken.Identity</c>.</summary>
    public const string MeterName = "StirShaken.Identity";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>StirShaken.Identity</c>.</summary>
    public const string ActivitySourceName = "StirShaken.Identity";

    /// <summary>Activities: <c>stirshaken.verify</c>, <c>stirshaken.fetch</c>, <c>stirshaken.crl</c>.</summary>
    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName, typeof(StirShakenDiagnostics).Assembly.GetName().Version?.ToString());
}
