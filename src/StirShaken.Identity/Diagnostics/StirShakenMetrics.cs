using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StirShaken.Identity.Diagnostics;

/// <summary>
/// The library's instruments on the meter <c>StirShaken.Identity</c>:
/// <list type="bullet">
/// <item><c>stirshaken.verifications</c> (counter; tags <c>outcome</c> = passed/failed/no_identity, <c>reason</c>, <c>code</c>)</item>
/// <item><c>stirshaken.cache.hits</c> / <c>stirshaken.cache.misses</c> (counters; tags <c>cache</c> = x5u/crl/result, <c>level</c> = memory/distributed/negative)</item>
/// <item><c>stirshaken.cache.evictions</c> (counter; tags <c>cache</c> = result/replay, <c>cause</c> = capacity/memory): live entries dropped for room (README "Repeats and replays")</item>
/// <item><c>stirshaken.replays</c> (counter; tag <c>policy</c> = report/reject): verified PASSporTs seen again under another Call-ID (RFC 8224 §12.1)</item>
/// <item><c>stirshaken.fetch.duration</c> (histogram, seconds; tags <c>kind</c> = x5u/crl, <c>outcome</c> = ok or the failure)</item>
/// </list>
/// Tags never carry URLs or telephone numbers (bounded cardinality, no private data).
/// </summary>
public sealed class StirShakenMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Histogram<double> _fetchDuration;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _replays;

    /// <summary>Creates the instruments, on a meter from <paramref name="meterFactory"/> when given (DI), else an own meter.</summary>
    public StirShakenMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is not null)
        {
            _meter = meterFactory.Create(StirShakenDiagnostics.MeterName);
        }
        else
        {
            _meter = new Meter(StirShakenDiagnostics.MeterName);
            _ownsMeter = true;
        }

        _verifications = _meter.CreateCounter<long>("stirshaken.verifications", "{verification}", "SIP requests verified, by outcome and reason");
        _hits = _meter.CreateCounter<long>("stirshaken.cache.hits", "{hit}", "Certificate and CRL cache hits");
        _misses = _meter.CreateCounter<long>("stirshaken.cache.misses", "{miss}", "Certificate and CRL cache misses");
        _fetchDuration = _meter.CreateHistogram<double>("stirshaken.fetch.duration", "s", "Duration of x5u and CRL downloads");
        _evictions = _meter.CreateCounter<long>("stirshaken.cache.evictions", "{entry}", "Live result-cache and replay-store entries dropped for room");
        _replays = _meter.CreateCounter<long>("stirshaken.replays", "{replay}", "Verified PASSporTs seen again in a request with another Call-ID (RFC 8224 §12.1)");
    }

    internal void Verification(string outcome, string reason, int code) =>
        _verifications.Add(1, new TagList { { "outcome", outcome }, { "reason", reason }, { "code", code } });

    internal void CacheHit(string cache, string level) => _hits.Add(1, new TagList { { "cache", cache }, { "level", level } });

    internal void CacheMiss(string cache) => _misses.Add(1, new KeyValuePair<string, object?>("cache", cache));

    internal void CacheEviction(string cache, string cause, int count) => _evictions.Add(count, new TagList { { "cache", cache }, { "cause", cause } });

    internal void Replay(string policy) => _replays.Add(1, new KeyValuePair<string, object?>("policy", policy));

    internal void Fetch(string kind, string outcome, TimeSpan elapsed) =>
        _fetchDuration.Record(elapsed.TotalSeconds, new TagList { { "kind", kind }, { "outcome", outcome } });

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
