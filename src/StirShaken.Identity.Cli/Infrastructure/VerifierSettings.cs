using StirShaken.Identity.Certificates;
using StirShaken.Identity.PhoneNumbers;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Cli;

/// <summary>The verifier options shared by the commands that verify (<c>verify</c>, and <c>serve</c> once it exists).</summary>
internal static class VerifierSettings
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("profile", "NAME", "Conformance profile: rfc8224 (default), atis or man (README \"Conformance profiles\")."),
        new("strict-tn", null, "Refuse a claim TN with a leading '+' (default: compare without it, RFC 8224 §8.3)."),
        new("default-region", "CC", "Read national numbers in From/PAI/To as numbers of region CC (e.g. US) before comparing."),
        new("insecure-http", null, "UNSAFE, labs only: also fetch http:// x5u URLs (recorded lab traffic)."),
    ];

    /// <summary>Options for <c>verify</c>: identity required, plus <c>--profile</c>, <c>--strict-tn</c>, <c>--default-region</c>.</summary>
    /// <exception cref="UsageException">An unknown profile or region.</exception>
    public static VerifierOptions Options(ParsedArguments arguments)
    {
        var options = new VerifierOptions { RequireIdentity = true, Profile = Profile(arguments.Single("profile")), StrictTelephoneNumbers = arguments.Has("strict-tn") };
        if (arguments.Single("default-region") is { } region)
        {
            try
            {
                options.UseDefaultRegion(region);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--default-region: {InputFiles.Describe(e)}", e);
            }
        }

        return options;
    }

    /// <summary>The x5u URL policy: https only, unless <c>--insecure-http</c>.</summary>
    public static X5uUrlPolicy UrlPolicy(ParsedArguments arguments) => new() { AllowHttpForTesting = arguments.Has("insecure-http") };

    /// <summary>Parses a profile name (case-insensitive).</summary>
    /// <exception cref="UsageException">Not a profile name.</exception>
    public static ConformanceProfile Profile(string? name) => name?.ToLowerInvariant() switch
    {
        null or "rfc8224" => ConformanceProfile.Rfc8224,
        "atis" => ConformanceProfile.Atis,
        "man" => ConformanceProfile.Man,
        _ => throw new UsageException($"--profile '{name}' is not a profile{Suggestions.DidYouMean(name, ["rfc8224", "atis", "man"])} (rfc8224, atis, man)"),
    };
}
