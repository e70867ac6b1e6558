using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Verification;

/// <summary>
/// Enforces the signer certificate's JWT claim constraints on a PASSporT (RFC 8226 §8, RFC 9118 §3–§4): every
/// <c>mustInclude</c> claim present, every present claim with <c>permittedValues</c> equal to one of them, no
/// <c>mustExclude</c> claim. A violation makes the PASSporT invalid (438) although its signature verifies.
/// </summary>
/// <remarks>
/// Comparison (README "Rich Call Data", decision 12): a string claim equals a permitted UTF8String exactly; any other
/// claim (the <c>rcd</c> or <c>rcdi</c> object) equals a permitted value when the value, read as JSON, has the same
/// RFC 8225 §9 serialization — neither RFC defines how an object is compared with a string.
/// </remarks>
internal static class ClaimConstraintEnforcement
{
    // The decoded extension per signer certificate: reading X.509 extensions costs interop and allocations on every
    // call, and the cached chains hand back the same certificate objects (README "Performance"). Weak keys: an entry
    // lives exactly as long as its certificate.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Security.Cryptography.X509Certificates.X509Certificate2, Decoded> Constraints = new();

    public static VerificationFailure? Check(System.Security.Cryptography.X509Certificates.X509Certificate2 leaf, PassportClaims claims)
    {
        if (Constraints.GetValue(leaf, static certificate => new Decoded(JwtClaimConstraints.TryRead(certificate))).Read is not { } read)
        {
            return null;
        }

        return read.IsSuccess
            ? Check(read.Value, claims)
            : new VerificationFailure(FailureReason.CertificateProfile, $"the certificate '{leaf.Subject}' has unusable claim constraints: {read.Error.Message}");
    }

    public static VerificationFailure? Check(JwtClaimConstraints constraints, PassportClaims claims)
    {
        if (constraints.IsIgnored)
        {
            return null;
        }

        var payload = claims.ToJson();
        foreach (var name in constraints.MustInclude)
        {
            if (payload[name] is null)
            {
                return Violated($"the certificate requires claim \"{name}\" (mustInclude) and the PASSporT lacks it");
            }
        }

        foreach (var name in constraints.MustExclude)
        {
            if (payload[name] is not null)
            {
                return Violated($"the certificate forbids claim \"{name}\" (mustExclude) and the PASSporT carries it");
            }
        }

        foreach (var (name, permitted) in constraints.PermittedValues)
        {
            if (payload[name] is { } value && !permitted.Any(p => Matches(value, p)))
            {
                return Violated($"claim \"{name}\" is {Describe(value)}, not one of the {permitted.Count} value(s) the certificate permits");
            }
        }

        return null;
    }

    private static bool Matches(JsonNode value, string permitted)
    {
        if (value.Kind == JsonKind.String)
        {
            return string.Equals(value.Text, permitted, StringComparison.Ordinal);
        }

        // The strict reader reads objects: wrap the permitted JSON text in one.
        var parsed = StrictJsonReader.ReadObject(Encoding.UTF8.GetBytes("{\"v\":" + permitted + "}"));
        return parsed.IsSuccess && CanonicalJsonWriter.ToUtf8(parsed.Value["v"]!).AsSpan().SequenceEqual(CanonicalJsonWriter.ToUtf8(value));
    }

    private static string Describe(JsonNode value)
    {
        var text = CanonicalJsonWriter.ToText(value);
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    private static VerificationFailure Violated(string detail) => new(FailureReason.ClaimConstraintsViolated, detail + " (RFC 8226 §8, RFC 9118 §4)");

    private sealed record Decoded(ParseResult<JwtClaimConstraints>? Read);
}
