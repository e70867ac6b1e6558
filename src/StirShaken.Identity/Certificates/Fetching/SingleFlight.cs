using System.Collections.Concurrent;

namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>
/// At most one running load per key: concurrent callers share its task. The load is not tied to any
/// caller's cancellation (each caller stops waiting on its own); it is bounded by the fetch timeouts.
/// Shared by the x5u cache and the CRL checker (with <see cref="LruCache{T}"/>).
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Task<T>> _running = new(StringComparer.Ordinal);

    public bool IsRunning(string key) => _running.ContainsKey(key);

    public Task<T> Run(string key, Func<Task<T>> load)
    {
        while (true)
        {
            if (_running.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running.TryAdd(key, completion.Task))
            {
                _ = RunAsync(key, completion, load);
                return completion.Task;
            }
        }
    }

    private async Task RunAsync(string key, TaskCompletionSource<T> completion, Func<Task<T>> load)
    {
        try
        {
            completion.TrySetResult(await load().ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Handed to every waiter.
        catch (Exception e)
#pragma warning restore CA1031
        {
            completion.TrySetException(e);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Task<T>>(key, completion.Task));
        }
    }
}
