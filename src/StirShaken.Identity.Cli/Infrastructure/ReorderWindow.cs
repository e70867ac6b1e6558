using System.Runtime.ExceptionServices;

namespace StirShaken.Identity.Cli;

/// <summary>
/// Hands out the indexes 0..count-1 to producer threads and gives their results back to one consumer in index order,
/// holding at most <see cref="Capacity"/> indexes between the consumer and the producers: a producer that would get
/// that far ahead of the consumer waits. Memory is bounded by the capacity, whatever the count (<c>verify --batch</c>).
/// </summary>
/// <typeparam name="T">A producer's result for one index.</typeparam>
internal sealed class ReorderWindow<T>
{
    private readonly object _gate = new(); // an object, not a Lock: the waits are Monitor.Wait/PulseAll
    private readonly T?[] _items;
    private readonly bool[] _ready;
    private readonly long _count;
    private long _issued;
    private long _taken;
    private int _highWaterMark;
    private int _producersWaiting;
    private bool _consumerWaiting;
    private bool _cancelled;
    private ExceptionDispatchInfo? _failure;

    /// <param name="count">How many indexes there are.</param>
    /// <param name="capacity">The most indexes handed out and not yet taken by the consumer (in work or waiting).</param>
    public ReorderWindow(long count, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _count = count;
        _items = new T?[capacity];
        _ready = new bool[capacity];
    }

    public int Capacity => _items.Length;

    /// <summary>The most indexes ever held between the consumer and the producers (never above <see cref="Capacity"/>).</summary>
    public int HighWaterMark
    {
        get
        {
            lock (_gate)
            {
                return _highWaterMark;
            }
        }
    }

    /// <summary>Producer: the next index to work on, waiting while the window is full; -1 when none is left or the run stopped.</summary>
    public long Next()
    {
        lock (_gate)
        {
            while (!Stopped && _issued < _count && _issued - _taken >= _items.Length)
            {
                _producersWaiting++;
                Monitor.Wait(_gate);
                _producersWaiting--;
            }

            if (Stopped || _issued >= _count)
            {
                return -1;
            }

            var index = _issued++;
            _highWaterMark = Math.Max(_highWaterMark, (int)(_issued - _taken));
            return index;
        }
    }

    /// <summary>Producer: the result for an index that <see cref="Next"/> gave.</summary>
    public void Complete(long index, T item)
    {
        lock (_gate)
        {
            var slot = (int)(index % _items.Length);
            _items[slot] = item;
            _ready[slot] = true;
            if (_consumerWaiting && index == _taken)
            {
                Monitor.PulseAll(_gate); // wakes only when the consumer waits for this very index
            }
        }
    }

    /// <summary>Consumer: the result of the next index in order, waiting for it; false when every index has been taken.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <remarks>Rethrows the exception a producer reported with <see cref="Fail"/>.</remarks>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            if (_taken >= _count)
            {
                item = default!;
                return false;
            }

            var slot = (int)(_taken % _items.Length);
            while (!_ready[slot] && !Stopped)
            {
                _consumerWaiting = true;
                Monitor.Wait(_gate);
                _consumerWaiting = false;
            }

            _failure?.Throw();
            if (_cancelled)
            {
                throw new OperationCanceledException();
            }

            item = _items[slot]!;
            _items[slot] = default;
            _ready[slot] = false;
            _taken++;
            if (_producersWaiting > 0)
            {
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }

    /// <summary>Stops the producers and makes the consumer throw <see cref="OperationCanceledException"/>.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A producer failed unexpectedly: stops the producers and makes the consumer rethrow <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        lock (_gate)
        {
            _failure ??= ExceptionDispatchInfo.Capture(exception);
            Monitor.PulseAll(_gate);
        }
    }

    private bool Stopped => _cancelled || _failure is not null;
}
