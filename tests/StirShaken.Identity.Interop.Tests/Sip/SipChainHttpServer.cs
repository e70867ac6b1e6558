using System.Net;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Sip;

/// <summary>
/// Serves certificate chains over plain HTTP on 127.0.0.1 for Kamailio's secsipid, which fetches the
/// Identity info/x5u URL itself (http is allowed there; our X5uUrlPolicy is not involved on its side).
/// </summary>
internal sealed class SipChainHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _files;
    private readonly Task _loop;
    private int _requests;

    public SipChainHttpServer(IReadOnlyDictionary<string, string> pemByPath)
    {
        _files = new Dictionary<string, string>(pemByPath, StringComparer.Ordinal);
        Port = SipInteropTools.FreeTcpPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            using var response = context.Response;
            var path = context.Request.Url?.AbsolutePath.TrimStart('/') ?? string.Empty;
            if (_files.TryGetValue(path, out var pem))
            {
                var body = Encoding.ASCII.GetBytes(pem);
                response.ContentType = "application/x-pem-file";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
