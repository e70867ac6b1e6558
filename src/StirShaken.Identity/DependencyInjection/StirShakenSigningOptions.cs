namespace StirShaken.Identity.DependencyInjection;

/// <summary>What <see cref="ServiceCollectionExtensions.AddStirShakenSigning"/> needs. Validated at start.</summary>
public sealed class StirShakenSigningOptions
{
    /// <summary>Path of the signing key (PKCS#8 or SEC1 PEM, P-256). Required.</summary>
    public string? PrivateKeyPemPath { get; set; }

    /// <summary>The public https URL where the matching certificate chain is published (x5u / info). Required.</summary>
    public string? X5u { get; set; }
}
