namespace StirShaken.Identity.DependencyInjection;

/// <summary>What <c>AddStirShakenSigning</c> needs (keys <c>PrivateKeyPemPath</c>, <c>X5u</c>). Validated at start: the key file must hold a P-256 private key.</summary>
public sealed class StirShakenSigningOptions
{
    /// <summary>Path of the signing key (PKCS#8 or SEC1 PEM, P-256). Required.</summary>
    public string? PrivateKeyPemPath { get; set; }

    /// <summary>The public https URL where the matching certificate chain is published (x5u / info). Required.</summary>
    public string? X5u { get; set; }
}
