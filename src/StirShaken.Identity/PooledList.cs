using System.Buffers;

namespace StirShaken.Identity;

/// <summary>A growable list over <see cref="ArrayPool{T}"/> arrays for parsers that end with one exact-size copy; dispose it to return the array.</summary>
internal struct PooledList<T> : IDisposable
{
    private T[] _items;

    public PooledList(int capacity)
    {
        _items = ArrayPool<T>.Shared.Rent(capacity);
        Count = 0;
    }

    public int Count { get; private set; }

    public readonly T this[int index] => _items[index];

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(_items, clearArray: true);
            _items = larger;
        }

        _items[Count++] = item;
    }

    public readonly T[] ToArray() => _items.AsSpan(0, Count).ToArray();

    /// <summary>A list of exactly <see cref="Count"/> capacity holding the items.</summary>
    public readonly List<T> ToList()
    {
        var list = new List<T>(Count);
        list.AddRange(_items.AsSpan(0, Count));
        return list;
    }

    public void Dispose()
    {
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items, clearArray: true);
            _items = [];
        }
    }
}
