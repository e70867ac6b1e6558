using Microsoft.Extensions.Options;
using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.DependencyInjection;

/// <summary>Validates <see cref="StirShakenVerificationOptions"/> and <see cref="StirShakenSigningOptions"/> (run at start by ValidateOnStart).</summary>
internal sealed class StirShakenOptionsValidator : IValidateOptions<StirShakenVerificationOptions>, IValidateOptions<StirShakenSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, StirShakenVerificationOptions options)
    {
        var errors = new List<string>();
        if (options.TrustAnchors is null)
        {
            if (options.TrustAnchorPaths is null || options.TrustAnchorPaths.Count == 0)
            {
                errors.Add("TrustAnchorPaths: at least one STI-CA trust anchor file or folder is required (or set TrustAnchors).");
            }
            else
            {
                errors.AddRange(options.TrustAnchorPaths
                    .Where(p => string.IsNullOrEmpty(p) || (!File.Exists(p) && !Directory.Exists(p)))
                    .Select(p => $"TrustAnchorPaths: '{p}' is neither a file nor a folder."));
            }
        }

        errors.AddRange((options.LegacyTrustAnchorPaths ?? [])
            .Where(p => string.IsNullOrEmpty(p) || (!File.Exists(p) && !Directory.Exists(p)))
            .Select(p => $"LegacyTrustAnchorPaths: '{p}' is neither a file nor a folder."));

        if (options.Fetcher is null || options.Cache is null || options.Revocation is null || options.Verifier is null || options.CertificateValidation is null)
        {
            errors.Add("Fetcher, Cache, Revocation, Verifier and CertificateValidation must not be null.");
            return ValidateOptionsResult.Fail(errors);
        }

        options.Fetcher.CollectErrors(errors, "Fetcher.");
        options.Cache.CollectErrors(errors, "Cache.");
        options.Revocation.CollectErrors(errors, "Revocation.");
        if (options.Verifier.RichCallData?.FetchContent == true)
        {
            if (options.RichCallDataFetch is null)
            {
                errors.Add("RichCallDataFetch must not be null when Verifier.RichCallData.FetchContent is on.");
            }
            else
            {
                options.RichCallDataFetch.CollectErrors(errors, "RichCallDataFetch.");
            }
        }

        try
        {
            options.Verifier.Validate();
        }
        catch (ArgumentException e)
        {
            errors.Add("Verifier: " + e.Message);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, StirShakenSigningOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.PrivateKeyPemPath) || !File.Exists(options.PrivateKeyPemPath))
        {
            errors.Add($"PrivateKeyPemPath: '{options.PrivateKeyPemPath}' does not exist.");
        }
        else if (SigningKeyFile.Check(File.ReadAllText(options.PrivateKeyPemPath)) is { } problem)
        {
            errors.Add($"PrivateKeyPemPath: '{options.PrivateKeyPemPath}' {problem}.");
        }

        if (!X5uUrlPolicy.Default.IsAllowed(options.X5u, out var reason))
        {
            errors.Add($"X5u: <{options.X5u}> would be refused by verifiers: {reason}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
