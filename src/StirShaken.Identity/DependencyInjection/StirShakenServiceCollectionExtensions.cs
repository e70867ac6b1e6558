using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Caching;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.DependencyInjection;
using StirShaken.Identity.Diagnostics;
using StirShaken.Identity.Signing;
using StirShaken.Identity.Verification;

// The Add* extensions live where .NET users look for them (like AddHttpClient, AddLogging); the options stay in
// StirShaken.Identity.DependencyInjection.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// .NET hosting integration: registers the verification service (STI-VS) and the signer (STI-AS). Each container
/// gets its own options instances: nothing a binder or a configure lambda sets reaches another container or a
/// verifier built by hand (README "Configuration reference").
/// </summary>
public static class StirShakenServiceCollectionExtensions
{
    /// <summary>The configuration section name the README uses: <c>"StirShaken"</c>.</summary>
    public const string DefaultSectionName = "StirShaken";

    private const string BindingWarning = "Binds the options by reflection (ConfigurationBinder); in a trimmed or native AOT app use the Action overload.";

    /// <summary>
    /// Registers the verifier like <see cref="AddStirShakenVerification(IServiceCollection, Action{StirShakenVerificationOptions})"/>,
    /// with the options bound from <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("StirShaken:Verification")</c>;
    /// keys are the property paths, e.g. <c>Verifier:RequireIdentity</c>, <c>Revocation:Mode</c>, <c>TrustAnchorPaths:0</c>),
    /// then <paramref name="configure"/> (optional) on top. Validated at start.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    [RequiresUnreferencedCode(BindingWarning)]
    [RequiresDynamicCode(BindingWarning)]
    public static IServiceCollection AddStirShakenVerification(this IServiceCollection services, IConfiguration configuration, Action<StirShakenVerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StirShakenVerificationOptions>().Bind(configuration);
        return services.AddStirShakenVerification(configure ?? (_ => { }));
    }

    /// <summary>
    /// Registers the signer like <see cref="AddStirShakenSigning(IServiceCollection, Action{StirShakenSigningOptions})"/>, with the
    /// options bound from <paramref name="configuration"/> (keys <c>PrivateKeyPemPath</c>, <c>X5u</c>), then <paramref name="configure"/>
    /// (optional). Validated at start.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    [RequiresUnreferencedCode(BindingWarning)]
    [RequiresDynamicCode(BindingWarning)]
    public static IServiceCollection AddStirShakenSigning(this IServiceCollection services, IConfiguration configuration, Action<StirShakenSigningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StirShakenSigningOptions>().Bind(configuration);
        return services.AddStirShakenSigning(configure ?? (_ => { }));
    }

    /// <summary>
    /// Registers a singleton <see cref="StirShakenVerifier"/> with: trust anchors from the options, a
    /// <see cref="CertificateValidator"/>, the hardened <see cref="HttpsCertificateSource"/> on the named
    /// <see cref="HttpClient"/> <see cref="HttpsCertificateSource.HttpClientName"/> (SSRF-filtering
    /// handler), a <see cref="CachingCertificateSource"/> (with the container's
    /// <see cref="IDistributedCache"/> as L2 when <see cref="StirShakenVerificationOptions.UseDistributedCache"/>),
    /// a <see cref="CrlChecker"/> unless revocation is off, logging, <see cref="StirShakenMetrics"/> and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered; legacy RFC 4474 verification when
    /// <see cref="StirShakenVerificationOptions.LegacyTrustAnchorPaths"/> is set; one <see cref="PassportVerificationCache"/> and one
    /// <see cref="ReplayDetector"/> per container (README "Repeats and replays"; pass them in <see cref="StirShakenVerifierDependencies"/>
    /// to share them with another verifier); and, when
    /// <see cref="RichCallDataOptions.FetchContent"/> is on (off by default), the Rich Call Data content source
    /// (<see cref="IRichCallDataContentSource"/>, by default <see cref="HttpsRichCallDataContentSource"/> on the named
    /// <see cref="HttpClient"/> <see cref="HttpsRichCallDataContentSource.HttpClientName"/> with the same hardened handler,
    /// limits from <see cref="StirShakenVerificationOptions.RichCallDataFetch"/>; one registered before wins). Options are
    /// validated at start (ValidateOnStart).
    /// </summary>
    public static IServiceCollection AddStirShakenVerification(this IServiceCollection services, Action<StirShakenVerificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StirShakenVerificationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StirShakenVerificationOptions>, StirShakenOptionsValidator>());
        AddCommon(services);

        services.AddHttpClient(HttpsCertificateSource.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpsCertificateSource.CreateHandler(Options(sp).Fetcher))
            .SetHandlerLifetime(TimeSpan.FromMinutes(5));
        services.AddHttpClient(HttpsRichCallDataContentSource.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpsCertificateSource.CreateHandler(Options(sp).RichCallDataFetch.Fetcher))
            .SetHandlerLifetime(TimeSpan.FromMinutes(5));

        services.TryAddSingleton(sp => Options(sp).TrustAnchors ?? TrustAnchorStore.Load([.. Options(sp).TrustAnchorPaths]));
        services.TryAddSingleton(sp => new CertificateValidator(sp.GetRequiredService<TrustAnchorStore>(), Options(sp).CertificateValidation));
        services.TryAddSingleton(sp => new HttpsCertificateSource(
            sp.GetRequiredService<IHttpClientFactory>(), HttpsCertificateSource.HttpClientName, Options(sp).Fetcher,
            sp.GetRequiredService<TimeProvider>(), Logger<HttpsCertificateSource>(sp), sp.GetRequiredService<StirShakenMetrics>()));
        services.TryAddSingleton(sp => new CachingCertificateSource(
            sp.GetRequiredService<HttpsCertificateSource>(), Options(sp).Cache,
            Options(sp).UseDistributedCache ? sp.GetRequiredService<IDistributedCache>() : null,
            sp.GetRequiredService<TimeProvider>(), Logger<CachingCertificateSource>(sp), sp.GetRequiredService<StirShakenMetrics>()));
        services.TryAddSingleton<ICertificateSource>(sp => sp.GetRequiredService<CachingCertificateSource>());
        services.TryAddSingleton(sp => new CrlChecker(
            Options(sp).Revocation, sp.GetRequiredService<TrustAnchorStore>(), sp.GetRequiredService<HttpsCertificateSource>(),
            sp.GetRequiredService<TimeProvider>(), Logger<CrlChecker>(sp), sp.GetRequiredService<StirShakenMetrics>()));
        services.TryAddSingleton(sp => new HttpsRichCallDataContentSource(
            sp.GetRequiredService<IHttpClientFactory>(), HttpsRichCallDataContentSource.HttpClientName, Options(sp).RichCallDataFetch,
            sp.GetRequiredService<TimeProvider>(), Logger<HttpsRichCallDataContentSource>(sp)));
        services.TryAddSingleton<IRichCallDataContentSource>(sp => sp.GetRequiredService<HttpsRichCallDataContentSource>());
        // README "Repeats and replays": one result cache and one replay store per container, shared by every verifier built from it.
        services.TryAddSingleton(sp => new PassportVerificationCache(Options(sp).Verifier.ResultCache, sp.GetRequiredService<StirShakenMetrics>()));
        services.TryAddSingleton(sp => new ReplayDetector(Options(sp).Verifier.Replay, sp.GetRequiredService<StirShakenMetrics>()));
        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            return new StirShakenVerifier(sp.GetRequiredService<ICertificateSource>(), sp.GetRequiredService<CertificateValidator>(), options.Verifier, new StirShakenVerifierDependencies
            {
                Revocation = options.Revocation.Mode == RevocationMode.Off ? null : sp.GetRequiredService<CrlChecker>(),
                UrlPolicy = options.Fetcher.UrlPolicy,
                LegacyTrustAnchors = options.LegacyTrustAnchorPaths is { Count: > 0 } legacy ? TrustAnchorStore.Load([.. legacy]) : null,
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                Logger = Logger<StirShakenVerifier>(sp),
                Metrics = sp.GetRequiredService<StirShakenMetrics>(),
                // RFC 9795 §8.2: content is fetched only when asked for; the source is not even created otherwise.
                RichCallDataContent = options.Verifier.RichCallData?.FetchContent == true ? sp.GetRequiredService<IRichCallDataContentSource>() : null,
                ResultCache = options.Verifier.ResultCache.Enabled ? sp.GetRequiredService<PassportVerificationCache>() : null,
                ReplayDetector = options.Verifier.Replay.Policy == ReplayPolicy.Off ? null : sp.GetRequiredService<ReplayDetector>(),
            });
        });
        return services;
    }

    /// <summary>
    /// Registers a singleton <see cref="PassportSigner"/> loaded from <see cref="StirShakenSigningOptions.PrivateKeyPemPath"/>
    /// for <see cref="StirShakenSigningOptions.X5u"/>. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddStirShakenSigning(this IServiceCollection services, Action<StirShakenSigningOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StirShakenSigningOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StirShakenSigningOptions>, StirShakenOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StirShakenSigningOptions>>().Value;
            return PassportSigner.FromPem(File.ReadAllText(options.PrivateKeyPemPath!), options.X5u!, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    private static void AddCommon(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StirShakenMetrics(sp.GetService<IMeterFactory>()));
    }

    private static StirShakenVerificationOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StirShakenVerificationOptions>>().Value;

    private static ILogger Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
