using System.Net;
using System.Text;
using System.Text.Json;
using StirShaken.Identity.Interop.Tests.Infrastructure;

namespace StirShaken.Identity.Server.Tests.Infrastructure;

/// <summary>
/// A real <c>stir-identity serve</c> process (the built tool) on 127.0.0.1 and a port of its own choosing (<c>--listen 127.0.0.1:0</c>,
/// read back from its "listening on" line), stopped by its id (SIGTERM, then kill).
/// </summary>
internal sealed class ServiceProcess : BackgroundProcess
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ServiceProcess(IEnumerable<string> arguments)
        : base(ProcessRunner.DotNetHost, [CliDll, "serve", .. arguments])
    {
    }

    public Uri BaseUri { get; private set; } = null!;

    public int Port => BaseUri.Port;

    private static string CliDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "stir-identity.dll");
            Assert.That(path, Does.Exist, "build the test project: it references src/StirShaken.Identity.Cli");
            return path;
        }
    }

    /// <summary>Starts <c>serve --listen 127.0.0.1:PORT</c> (default a free port) with <paramref name="arguments"/> and waits until it listens.</summary>
    public static async Task<ServiceProcess> StartAsync(IEnumerable<string> arguments, int port = 0)
    {
        var service = new ServiceProcess(["--listen", $"127.0.0.1:{port}", .. arguments]);
        try
        {
            var line = await service.WaitForLineAsync(l => l.StartsWith("stir-identity: listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "stir-identity serve start");
            service.BaseUri = new Uri(line["stir-identity: listening on ".Length..].Split(' ')[0]);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    public Uri Url(string path) => new(BaseUri, path);

    public Task<Reply> PostJsonAsync(string path, string json, string contentType = "application/json") => PostAsync(Url(path), json, contentType);

    public Task<Reply> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(path)));

    public static Task<Reply> PostAsync(Uri url, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(request);
    }

    public static async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await Client.SendAsync(request).ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return new Reply(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>A 3GPP <c>verificationRequest</c> body.</summary>
    public static string VerificationBody(string identity, string from = InteropInvite.Orig, string to = InteropInvite.Dest, long? time = null, string? requestId = null, string[]? more = null)
    {
        var request = new Dictionary<string, object?>
        {
            ["identityHeader"] = identity,
            ["from"] = new { tn = from },
            ["to"] = new { tn = to },
            ["time"] = time ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (requestId is not null)
        {
            request["requestId"] = requestId;
        }

        if (more is not null)
        {
            request["identityHeaders"] = more;
        }

        return JsonSerializer.Serialize(new { verificationRequest = request });
    }
}

/// <summary>An HTTP answer: status, body text, media type; <see cref="Json"/> parses the body.</summary>
internal sealed record Reply(HttpStatusCode Status, string Body, string? MediaType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The first <c>verifyResult</c> of a <c>verificationResponse</c>.</summary>
    public JsonElement FirstResult => Json.GetProperty("verificationResponse").GetProperty("verifyResults")[0].GetProperty("verifyResult");

    public string Verstat => Json.GetProperty("verificationResponse").GetProperty("verstatValue").GetString()!;

    public override string ToString() => $"{(int)Status} {MediaType}: {Body}";
}
