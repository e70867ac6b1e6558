using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StirShaken.Identity.Interop.Tests.Infrastructure;

/// <summary>
/// A minimal HTTPS/1.1 server on 127.0.0.1 (free port) publishing byte bodies (DER or PEM certificates), for peers and
/// our own fetcher that dereference Identity-Info / x5u over TLS. Its TLS certificate (SAN IP 127.0.0.1) is issued by
/// <see cref="TlsRoot"/>, which clients trust explicitly (curl CAINFO, CertificateFetcherOptions.TlsRootsForTesting).
/// </summary>
internal sealed class LocalTlsCertificateServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly X509Certificate2 _serverCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public LocalTlsCertificateServer()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Interop TLS test root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        TlsRoot = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(TlsRoot, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4]);
        // Round-trip through PKCS#12 so that SslStream gets a key it can use on every platform.
        _serverCertificate = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pfx), null);

        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The TLS root clients must trust.</summary>
    public X509Certificate2 TlsRoot { get; }

    public string TlsRootPem => TlsRoot.ExportCertificatePem();

    public int Port { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Publishes <paramref name="body"/> at <c>https://127.0.0.1:PORT/name</c> and returns that URL.</summary>
    public string Publish(string name, byte[] body)
    {
        lock (_files)
        {
            _files["/" + name] = body;
        }

        return Url(name);
    }

    public string Url(string name) => $"https://127.0.0.1:{Port}/{name}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _serverCertificate.Dispose();
        TlsRoot.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await using var tls = new SslStream(client.GetStream(), false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate }, timeout.Token).ConfigureAwait(false);
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await tls.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Interlocked.Increment(ref _requests);
                var path = request.ToString().Split(' ')[1];
                byte[]? body;
                lock (_files)
                {
                    _files.TryGetValue(path, out body);
                }

                var status = body is null ? "404 Not Found" : "200 OK";
                body ??= Encoding.ASCII.GetBytes("not found");
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/pkix-cert\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await tls.WriteAsync(head, timeout.Token).ConfigureAwait(false);
                await tls.WriteAsync(body, timeout.Token).ConfigureAwait(false);
                await tls.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
