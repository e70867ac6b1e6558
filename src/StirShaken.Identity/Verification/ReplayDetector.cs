using System.Runtime.InteropServices;
using System.Security.Cryptography;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Remembers recently verified PASSporTs with the Call-ID of the request that carried them first, to flag the same
/// PASSporT in a request with another Call-ID within the freshness window (a replay or cut-and-paste, RFC 8224 §12.1).
/// Thread-safe; share one instance between the verifiers of a process (the hosting integration registers one per
/// container). README "Repeats and replays".
/// </summary>
/// <remarks>
/// A PASSporT is identified by a SHA-256 hash of its signed <c>header.payload</c> (never by the signature, which ECDSA
/// lets anyone re-randomize); the Call-ID is kept as received up to 96 characters, a longer one as its SHA-256 hash: at
/// most about 300 bytes per entry whatever the input sizes.
/// An entry lives until its <c>iat</c> leaves the freshness window (<see cref="VerifierOptions.MaxAge"/>); at most
/// <see cref="ReplayDetectionOptions.MaxEntries"/> are kept: when full, expired entries go first, then the oldest
/// (counted in <c>stirshaken.cache.evictions</c>, <c>cache=replay</c>). Only PASSporTs that verified are recorded, so
/// filling the store costs a PASSporT signed by a trusted certificate, and the verifier a full verification, per entry.
/// </remarks>
public sealed class ReplayDetector
{
    private const int SweepPerCall = 64;
    private const int MaxStoredCallIdLength = 96;

    private readonly object _lock = new();
    private readonly Dictionary<UInt128, Entry> _entries = new();
    private readonly Queue<(UInt128 Key, long Sequence)> _order = new();
    private readonly StirShakenMetrics? _metrics;
    private readonly int _maxEntries;
    private long _sequence;

    /// <summary>Creates an empty store bounded by <paramref name="options"/> (read once, here).</summary>
    /// <param name="options">Bounds; <see cref="ReplayDetectionOptions.Default"/> when null. Its policy is not read here: each verifier applies its own.</param>
    /// <param name="metrics">Counts evictions; null = none.</param>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="ReplayDetectionOptions.Validate"/>).</exception>
    public ReplayDetector(ReplayDetectionOptions? options = null, StirShakenMetrics? metrics = null)
    {
        options ??= ReplayDetectionOptions.Default;
        options.Validate();
        _maxEntries = options.MaxEntries;
        _metrics = metrics;
    }

    /// <summary>The number of PASSporTs remembered (expired ones not yet swept included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The key of a PASSporT: the first 128 bits of SHA-256 over its signed <c>header.payload</c> (as UTF-16).</summary>
    internal static UInt128 PassportKey(PassportToken passport) => Hash(passport.SigningInput); // the received text, no copy

    /// <summary>The first 128 bits of SHA-256 over <paramref name="text"/> (as UTF-16).</summary>
    internal static UInt128 Hash(ReadOnlySpan<char> text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(text), digest);
        return MemoryMarshal.Read<UInt128>(digest);
    }

    /// <summary>
    /// Whether <paramref name="passport"/> was seen, not expired at <paramref name="now"/>, with another Call-ID. The
    /// first sighting is recorded until <paramref name="expiresAt"/>; a repeat never replaces it.
    /// </summary>
    internal bool IsReplay(UInt128 passport, string callId, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        // A short Call-ID as is (no hashing on the common path); a long one as a hash, never confused with a short one.
        var (id, idHash) = callId.Length <= MaxStoredCallIdLength ? (callId, default(UInt128)) : ((string?)null, Hash(callId));
        var evicted = 0;
        lock (_lock)
        {
            if (_entries.TryGetValue(passport, out var seen) && seen.ExpiresAt > now)
            {
                return !(string.Equals(seen.CallId, id, StringComparison.Ordinal) && seen.CallIdHash == idHash);
            }

            Sweep(now, SweepPerCall);
            while (_order.Count >= _maxEntries && _order.TryDequeue(out var oldest))
            {
                if (_entries.TryGetValue(oldest.Key, out var entry) && entry.Sequence == oldest.Sequence)
                {
                    _entries.Remove(oldest.Key);
                    if (entry.ExpiresAt > now)
                    {
                        evicted++;
                    }
                }
            }

            var sequence = ++_sequence;
            _entries[passport] = new Entry(id, idHash, expiresAt, sequence);
            _order.Enqueue((passport, sequence));
        }

        if (evicted > 0)
        {
            _metrics?.CacheEviction("replay", "capacity", evicted);
        }

        return false;
    }

    // Drops expired entries from the oldest end, at most `budget` per call: no call ever does unbounded work.
    private void Sweep(DateTimeOffset now, int budget)
    {
        while (budget-- > 0 && _order.TryPeek(out var oldest))
        {
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.Sequence == oldest.Sequence)
            {
                if (entry.ExpiresAt > now)
                {
                    return;
                }

                _entries.Remove(oldest.Key);
            }

            _order.Dequeue();
        }
    }

    private readonly record struct Entry(string? CallId, UInt128 CallIdHash, DateTimeOffset ExpiresAt, long Sequence);
}
