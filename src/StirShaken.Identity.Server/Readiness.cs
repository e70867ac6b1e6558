using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Server;

/// <summary>
/// <c>GET /ready</c>: 200 when the trust anchors are loaded and the certificate cache answers (Redis when configured),
/// 503 <c>{"status":"not ready","reason":…}</c> otherwise and while the service is stopping, so a load balancer sends no
/// new request to an instance that is going away.
/// </summary>
internal sealed class Readiness(IServiceProvider services, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan CacheProbeTimeout = TimeSpan.FromSeconds(1);

    public async Task WriteAsync(HttpContext context)
    {
        var reason = await CheckAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await JsonBody.WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", reason is null ? "ready" : "not ready");
            if (reason is not null)
            {
                writer.WriteString("reason", reason);
            }

            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "stopping";
        }

        if (services.GetRequiredService<TrustAnchorStore>().Anchors.Count == 0)
        {
            return "no STI-CA trust anchor is loaded";
        }

        if (services.GetService<IDistributedCache>() is { } cache)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CacheProbeTimeout);
            try
            {
                await cache.GetAsync("ready-probe", timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure of the cache client means "not ready"; the reason is reported.
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                return $"the certificate cache (Redis) does not answer: {e.GetType().Name}";
            }
        }

        return null;
    }
}
