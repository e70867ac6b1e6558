using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The verdicts on recently verified PASSporTs, keyed by the exact Identity header value as received (the signed
/// <c>header.payload.signature</c> with its <c>info</c>, <c>alg</c> and <c>ppt</c> parameters) and by the verifier's
/// configuration, so that a repeat (a UDP retransmission, a forked INVITE, several proxies in a row, the same INVITE
/// given to two verifiers of one process) costs neither decoding, nor a certificate validation, nor an ES256
/// verification. Thread-safe; share one instance between the verifiers of a process (the hosting integration registers
/// one per container). README "Repeats and replays".
/// </summary>
/// <remarks>
/// <para>Only verified PASSporTs are stored: a failure is never cached (a transient one, such as a fetch timeout, must
/// not outlive its cause, and an attacker can vary a failing token at no cost anyway). So an entry costs whoever adds it
/// a PASSporT signed by a trusted certificate, and the verifier one full verification: a flood of distinct keys never
/// enters the cache, and evicting an entry is never cheaper than the verification it forces.</para>
/// <para>Bounds: <see cref="PassportVerificationCacheOptions.MaxEntries"/> and
/// <see cref="PassportVerificationCacheOptions.MaxBytes"/> (an approximation of least recently used: the CLOCK
/// second-chance policy, so that a hit takes no lock; evictions counted in
/// <c>stirshaken.cache.evictions</c>), values longer than <see cref="PassportVerificationCacheOptions.MaxValueLength"/>
/// never stored, and each entry's lifetime (<see cref="PassportVerificationCacheOptions.MaxLifetime"/>, the chain's
/// earliest <c>notAfter</c>, the end of the <c>iat</c> freshness window).</para>
/// <para>The key includes the configuration the verdict depends on (certificate source and validator instances,
/// supported <c>ppt</c> values, token length limit, <c>x5u</c> ≠ <c>info</c> status, TN authorization), so verifiers
/// with different trust anchors or policies sharing one cache never see each other's verdicts.</para>
/// </remarks>
public sealed class PassportVerificationCache
{
    // Lookups are lock-free (a hit only sets its slot's Referenced flag); inserts, removals and evictions take _lock.
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<Key, Slot> _entries = new();
    private readonly Queue<Slot> _clock = new();

    // The entry of a decoded PASSporT handed out by Find: the later steps of the same request find it without hashing the value again.
    private readonly ConditionalWeakTable<PassportToken, CachedPassport> _byPassport = new();
    private readonly StirShakenMetrics? _metrics;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private int _count;
    private long _bytes;

    /// <summary>Creates an empty cache with the bounds of <paramref name="options"/> (read once, here).</summary>
    /// <param name="options">Bounds; <see cref="PassportVerificationCacheOptions.Default"/> when null.</param>
    /// <param name="metrics">Counts evictions (<c>stirshaken.cache.evictions</c>, <c>cache=result</c>); null = none.</param>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="PassportVerificationCacheOptions.Validate"/>).</exception>
    public PassportVerificationCache(PassportVerificationCacheOptions? options = null, StirShakenMetrics? metrics = null)
    {
        options ??= PassportVerificationCacheOptions.Default;
        options.Validate();
        _maxEntries = options.MaxEntries;
        _maxBytes = options.MaxBytes;
        MaxLifetime = options.MaxLifetime;
        MaxValueLength = options.MaxValueLength;
        _metrics = metrics;
    }

    /// <summary>The number of entries (expired ones not yet read included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The estimated memory held by the entries, in bytes (see <see cref="PassportVerificationCacheOptions.MaxBytes"/>).</summary>
    public long EstimatedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    internal TimeSpan MaxLifetime { get; }

    internal int MaxValueLength { get; }

    /// <summary>Removes every entry (e.g. after the trust anchors were changed on disk).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var slot in _clock)
            {
                slot.Dead = true;
            }

            _entries.Clear();
            _byPassport.Clear();
            _clock.Clear();
            _count = 0;
            _bytes = 0;
        }
    }

    /// <summary>The estimated size of an entry for a header value of <paramref name="length"/> characters.</summary>
    internal static long EstimateBytes(int length) => 1024 + (8L * length);

    /// <summary>The entry for <paramref name="value"/> whatever its age (the decoding part of a verdict never expires), marked used. Lock-free.</summary>
    internal CachedPassport? Find(CachePartition partition, string value)
    {
        if (!_entries.TryGetValue(new Key(partition, value), out var slot))
        {
            return null;
        }

        if (!slot.Referenced)
        {
            slot.Referenced = true; // read before write: a hot entry's cache line is not written on every hit
        }

        return slot.Value;
    }

    /// <summary>The live entry whose examination holds <paramref name="passport"/> (handed out by <see cref="Find"/>), or null. Lock-free.</summary>
    internal CachedPassport? Of(PassportToken? passport) =>
        passport is not null && _byPassport.TryGetValue(passport, out var entry) ? entry : null;

    /// <summary>
    /// The entry for <paramref name="value"/> (looked up by its decoded <paramref name="passport"/> first) when it has not expired at
    /// <paramref name="now"/>, marked used; an expired entry is removed.
    /// </summary>
    internal CachedPassport? Get(CachePartition partition, string value, PassportToken? passport, DateTimeOffset now)
    {
        if ((Of(passport) ?? Find(partition, value)) is not { } entry)
        {
            return null;
        }

        if (now >= entry.ExpiresAt || now < entry.CreatedAt)
        {
            Remove(partition, value, entry);
            return null;
        }

        return entry;
    }

    /// <summary>Adds or replaces the entry, then evicts beyond the bounds (CLOCK: a slot used since the hand last passed gets a second chance).</summary>
    internal void Set(CachePartition partition, string value, CachedPassport entry)
    {
        if (value.Length > MaxValueLength)
        {
            return;
        }

        var key = new Key(partition, value);
        var slot = new Slot(key, entry);
        var evictedForCount = 0;
        var evictedForBytes = 0;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                Unlink(existing);
            }

            _entries[key] = slot;
            if (entry.Examined.Passport is { } passport)
            {
                _byPassport.AddOrUpdate(passport, entry);
            }

            _clock.Enqueue(slot);
            _count++;
            _bytes += entry.Bytes;

            // Two turns of the hand at most: the first clears Referenced flags, the second finds a victim. Dead slots (removed
            // entries) are dropped on the way, and the queue is compacted when they make it longer than twice the bound.
            for (var budget = 2 * _clock.Count; budget > 0 && (Over() || _clock.Count > 2 * _maxEntries); budget--)
            {
                var head = _clock.Dequeue();
                if (head.Dead)
                {
                    continue;
                }

                if (!Over() || head.Referenced)
                {
                    head.Referenced = false;
                    _clock.Enqueue(head);
                    continue;
                }

                if (_count > _maxEntries)
                {
                    evictedForCount++;
                }
                else
                {
                    evictedForBytes++;
                }

                Unlink(head);
            }
        }

        if (evictedForCount > 0)
        {
            _metrics?.CacheEviction("result", "capacity", evictedForCount);
        }

        if (evictedForBytes > 0)
        {
            _metrics?.CacheEviction("result", "memory", evictedForBytes);
        }
    }

    /// <summary>Removes the entry for <paramref name="value"/> when it is still <paramref name="expected"/>.</summary>
    internal void Remove(CachePartition partition, string value, CachedPassport expected)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(new Key(partition, value), out var slot) && ReferenceEquals(slot.Value, expected))
            {
                Unlink(slot);
            }
        }
    }

    private bool Over() => _count > _maxEntries || _bytes > _maxBytes;

    // Under _lock. The slot stays in the clock queue, dead, until the hand passes it.
    private void Unlink(Slot slot)
    {
        if (slot.Dead)
        {
            return;
        }

        slot.Dead = true;
        _entries.TryRemove(KeyValuePair.Create(slot.Key, slot));
        if (slot.Value.Examined.Passport is { } passport && _byPassport.TryGetValue(passport, out var mapped) && ReferenceEquals(mapped, slot.Value))
        {
            _byPassport.Remove(passport);
        }

        _count--;
        _bytes -= slot.Value.Bytes;
    }

    private readonly struct Key(CachePartition partition, string value) : IEquatable<Key>
    {
        public CachePartition Partition { get; } = partition;

        public string Value { get; } = value;

        public bool Equals(Key other) =>
            string.Equals(Value, other.Value, StringComparison.Ordinal) && Partition.Equals(other.Partition);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        // string.GetHashCode is randomized per process (Marvin): chosen values cannot be made to collide.
        public override int GetHashCode() => HashCode.Combine(Partition.GetHashCode(), Value.GetHashCode(StringComparison.Ordinal));
    }

    private sealed class Slot(Key key, CachedPassport value)
    {
        public Key Key { get; } = key;

        public CachedPassport Value { get; } = value;

        /// <summary>Set by a hit, cleared when the CLOCK hand passes: an entry used since then is not evicted this turn.</summary>
        public bool Referenced { get; set; }

        /// <summary>Removed from the dictionary (under the lock); the hand drops it.</summary>
        public bool Dead { get; set; }
    }
}
