using System.Net;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>
/// A tiny plain-HTTP server on 127.0.0.1 publishing certificate chains for peers that fetch x5u themselves
/// (secsipidx, Kamailio secsipid): they accept http, so our X5uUrlPolicy is not involved on their side.
/// </summary>
internal sealed class LocalCertificateServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _requests;

    public LocalCertificateServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = ProcessRunner.FreeTcpPort();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseUrl);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public int Requests { get { lock (_files) { return _requests; } } }

    /// <summary>The URL of a published name.</summary>
    public string Url(string name) => BaseUrl + name;

    /// <summary>Publishes <paramref name="pem"/> at <c>BaseUrl + name</c> and returns that URL.</summary>
    public string Publish(string name, string pem)
    {
        lock (_files)
        {
            _files["/" + name] = pem;
        }

        return BaseUrl + name;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
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

            string? body;
            lock (_files)
            {
                _requests++;
                _files.TryGetValue(context.Request.Url!.AbsolutePath, out body);
            }

            var bytes = Encoding.ASCII.GetBytes(body ?? "not found");
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/x-pem-file";
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
