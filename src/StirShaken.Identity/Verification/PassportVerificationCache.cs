using StirShaken.Identity.Diagnostics;

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
/// <see cref="PassportVerificationCacheOptions.MaxBytes"/> (least recently used evicted first, counted in
/// <c>stirshaken.cache.evictions</c>), values longer than <see cref="PassportVerificationCacheOptions.MaxValueLength"/>
/// never stored, and each entry's lifetime (<see cref="PassportVerificationCacheOptions.MaxLifetime"/>, the chain's
/// earliest <c>notAfter</c>, the end of the <c>iat</c> freshness window).</para>
/// <para>The key includes the configuration the verdict depends on (certificate source and validator instances,
/// supported <c>ppt</c> values, token length limit, <c>x5u</c> ≠ <c>info</c> status, TN authorization), so verifiers
/// with different trust anchors or policies sharing one cache never see each other's verdicts.</para>
/// </remarks>
public sealed class PassportVerificationCache
{
    private readonly object _lock = new();
    private readonly Dictionary<Key, Node> _entries = new();
    private readonly StirShakenMetrics? _metrics;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private Node? _newest;
    private Node? _oldest;
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
                return _entries.Count;
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
            _entries.Clear();
            _newest = _oldest = null;
            _bytes = 0;
        }
    }

    /// <summary>The estimated size of an entry for a header value of <paramref name="length"/> characters.</summary>
    internal static long EstimateBytes(int length) => 1024 + (8L * length);

    /// <summary>The entry for <paramref name="value"/> whatever its age, without marking it used (the decoding part of a verdict never expires).</summary>
    internal CachedPassport? Peek(CachePartition partition, string value)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(new Key(partition, value), out var node) ? node.Value : null;
        }
    }

    /// <summary>The entry for <paramref name="value"/> when it has not expired at <paramref name="now"/>, marked most recently used; an expired entry is removed.</summary>
    internal CachedPassport? Get(CachePartition partition, string value, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(new Key(partition, value), out var node))
            {
                return null;
            }

            if (now >= node.Value.ExpiresAt || now < node.Value.CreatedAt)
            {
                RemoveNode(node);
                return null;
            }

            MoveToNewest(node);
            return node.Value;
        }
    }

    /// <summary>Adds or replaces the entry as most recently used, then evicts the least recently used beyond the bounds.</summary>
    internal void Set(CachePartition partition, string value, CachedPassport entry)
    {
        if (value.Length > MaxValueLength)
        {
            return;
        }

        var key = new Key(partition, value);
        var evictedForCount = 0;
        var evictedForBytes = 0;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                RemoveNode(existing);
            }

            var node = new Node(key, entry);
            _entries.Add(key, node);
            _bytes += entry.Bytes;
            AddNewest(node);
            while (_entries.Count > _maxEntries || _bytes > _maxBytes)
            {
                if (_entries.Count > _maxEntries)
                {
                    evictedForCount++;
                }
                else
                {
                    evictedForBytes++;
                }

                RemoveNode(_oldest!);
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
            if (_entries.TryGetValue(new Key(partition, value), out var node) && ReferenceEquals(node.Value, expected))
            {
                RemoveNode(node);
            }
        }
    }

    private void RemoveNode(Node node)
    {
        _entries.Remove(node.Key);
        _bytes -= node.Value.Bytes;
        if (node.Newer is null)
        {
            _newest = node.Older;
        }
        else
        {
            node.Newer.Older = node.Older;
        }

        if (node.Older is null)
        {
            _oldest = node.Newer;
        }
        else
        {
            node.Older.Newer = node.Newer;
        }

        node.Newer = node.Older = null;
    }

    private void AddNewest(Node node)
    {
        node.Older = _newest;
        node.Newer = null;
        if (_newest is not null)
        {
            _newest.Newer = node;
        }

        _newest = node;
        _oldest ??= node;
    }

    private void MoveToNewest(Node node)
    {
        if (ReferenceEquals(node, _newest))
        {
            return;
        }

        // Unlink (node is not the newest, so node.Newer is set), then put in front.
        node.Newer!.Older = node.Older;
        if (node.Older is null)
        {
            _oldest = node.Newer;
        }
        else
        {
            node.Older.Newer = node.Newer;
        }

        AddNewest(node);
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

    private sealed class Node(Key key, CachedPassport value)
    {
        public Key Key { get; } = key;

        public CachedPassport Value { get; } = value;

        public Node? Newer { get; set; }

        public Node? Older { get; set; }
    }
}
