namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// A bounded in-memory cache of fetched things keyed by URL: each entry has an absolute expiry, a read
/// moves the entry to the front, and a write beyond <see cref="Capacity"/> evicts the least recently
/// used entry (O(1)). Expired entries are dropped when read. Shared by the x5u cache and the CRL
/// checker (with <see cref="SingleFlight{T}"/>). Thread-safe.
/// </summary>
internal sealed class LruCache<T>
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

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

    /// <summary>Gets an entry that has not expired at <paramref name="now"/> and marks it most recently used.</summary>
    public bool TryGet(string key, DateTimeOffset now, out T value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.ExpiresAt > now)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                _entries.Remove(key);
                _recency.Remove(node);
            }
        }

        value = default!;
        return false;
    }

    /// <summary>The expiry of the entry for <paramref name="key"/>, or null.</summary>
    public DateTimeOffset? GetExpiry(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var node) ? node.Value.ExpiresAt : null;
        }
    }

    /// <summary>Adds or replaces the entry as most recently used, evicting the least recently used beyond the capacity.</summary>
    public void Set(string key, T value, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _recency.Remove(old);
            }

            _entries[key] = _recency.AddFirst(new Entry(key, value, expiresAt));
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Drops the entry for <paramref name="key"/>.</summary>
    public void Remove(string key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var node))
            {
                _recency.Remove(node);
            }
        }
    }

    private sealed record Entry(string Key, T Value, DateTimeOffset ExpiresAt);
}
