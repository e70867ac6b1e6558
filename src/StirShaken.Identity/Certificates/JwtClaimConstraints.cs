using System.Collections.ObjectModel;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Certificates;

/// <summary>
/// JWT claim constraints of an STI certificate: RFC 8226 §8 <c>JWTClaimConstraints</c> (id-pe 27) or RFC 9118 §3
/// <c>EnhancedJWTClaimConstraints</c> (id-pe 33): claims a PASSporT signed with the certificate must include
/// (<see cref="MustInclude"/>), the only values a claim may take when present (<see cref="PermittedValues"/>), and
/// (RFC 9118 only) claims it must not carry (<see cref="MustExclude"/>). A PASSporT that violates them is invalid
/// even though its signature verifies (RFC 9118 §1; RFC 9795 §8.1). Immutable.
/// </summary>
public sealed class JwtClaimConstraints
{
    /// <summary>id-pe-JWTClaimConstraints, RFC 8226 §8.</summary>
    public const string Oid = "1.3.6.1.5.5.7.1.27";

    /// <summary>id-pe-eJWTClaimConstraints, RFC 9118 §3.</summary>
    public const string EnhancedOid = "1.3.6.1.5.5.7.1.33";

    /// <summary>Creates constraints (to encode them into a certificate).</summary>
    /// <param name="mustInclude">Claim names that must be present.</param>
    /// <param name="permittedValues">Claim name → the values it may take (each a UTF8String; JSON text for object claims such as <c>rcdi</c>).</param>
    /// <param name="mustExclude">Claim names that must be absent; only in the enhanced (RFC 9118) form.</param>
    /// <param name="enhanced">Encode as RFC 9118 <c>EnhancedJWTClaimConstraints</c>; implied by a non-empty <paramref name="mustExclude"/>.</param>
    /// <exception cref="ArgumentException">Every list is empty (RFC 8226 §8 requires one), a name is not IA5, or a permitted list is empty.</exception>
    public JwtClaimConstraints(IEnumerable<string>? mustInclude = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? permittedValues = null, IEnumerable<string>? mustExclude = null, bool enhanced = false)
    {
        MustInclude = [.. mustInclude ?? []];
        MustExclude = [.. mustExclude ?? []];
        var permitted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (claim, values) in permittedValues ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (values is null || values.Count == 0)
            {
                throw new ArgumentException($"permitted values of '{claim}' must not be empty (SIZE (1..MAX)).", nameof(permittedValues));
            }

            permitted.Add(claim, [.. values]);
        }

        PermittedValues = new ReadOnlyDictionary<string, IReadOnlyList<string>>(permitted);
        IsEnhanced = enhanced || MustExclude.Count > 0;
        if (MustInclude.Count == 0 && PermittedValues.Count == 0 && MustExclude.Count == 0)
        {
            throw new ArgumentException("at least one of mustInclude, permittedValues, mustExclude must be present (RFC 8226 §8, RFC 9118 §3).");
        }

        if (MustInclude.Concat(MustExclude).Concat(PermittedValues.Keys).Any(static n => n.Length == 0 || n.Any(static c => c > 0x7F)))
        {
            throw new ArgumentException("claim names are non-empty IA5String values.");
        }
    }

    /// <summary>Claim names that must be present (<c>mustInclude</c>); empty when absent.</summary>
    public IReadOnlyList<string> MustInclude { get; }

    /// <summary>Claim name → permitted values (<c>permittedValues</c>); empty when absent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PermittedValues { get; }

    /// <summary>Claim names that must be absent (<c>mustExclude</c>, RFC 9118 only); empty when absent.</summary>
    public IReadOnlyList<string> MustExclude { get; }

    /// <summary>Whether this is the RFC 9118 form (<see cref="EnhancedOid"/>).</summary>
    public bool IsEnhanced { get; }

    /// <summary>
    /// RFC 9118 §4: when <c>iat</c>, <c>orig</c> or <c>dest</c> is in <c>mustExclude</c> the whole extension is treated as absent.
    /// </summary>
    public bool IsIgnored => MustExclude.Any(static n => n is "iat" or "orig" or "dest");

    /// <summary>
    /// Reads the constraints of <paramref name="certificate"/>.
    /// </summary>
    /// <returns>Null when the certificate has neither extension; else the constraints, or an <see cref="ParseErrorCode.InvalidAsn1"/>
    /// error when an extension is malformed or both are present (RFC 9118 §6).</returns>
    public static ParseResult<JwtClaimConstraints>? TryRead(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var basic = certificate.Extensions[Oid];
        var enhanced = certificate.Extensions[EnhancedOid];
        if (basic is not null && enhanced is not null)
        {
            return ParseResult<JwtClaimConstraints>.Fail(ParseErrorCode.InvalidAsn1, -1, "the certificate carries both JWTClaimConstraints and EnhancedJWTClaimConstraints (RFC 9118 §6: MUST NOT)");
        }

        if ((enhanced ?? basic) is not { } extension)
        {
            return null;
        }

        return TryDecode(extension.RawData, enhanced is not null);
    }

    /// <summary>Decodes the DER extension value (RFC 8226 Appendix A / RFC 9118 §7, EXPLICIT tags).</summary>
    /// <param name="der">The extension's <c>extnValue</c> contents.</param>
    /// <param name="enhanced">True for id-pe 33 (allows <c>[2] mustExclude</c>).</param>
    public static ParseResult<JwtClaimConstraints> TryDecode(ReadOnlySpan<byte> der, bool enhanced)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            List<string>? mustInclude = null, mustExclude = null;
            Dictionary<string, IReadOnlyList<string>>? permitted = null;
            var context0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
            var context1 = new Asn1Tag(TagClass.ContextSpecific, 1, true);
            var context2 = new Asn1Tag(TagClass.ContextSpecific, 2, true);
            if (sequence.HasData && sequence.PeekTag() == context0)
            {
                var explicitReader = sequence.ReadSequence(context0);
                mustInclude = ReadNames(explicitReader);
                explicitReader.ThrowIfNotEmpty();
            }

            if (sequence.HasData && sequence.PeekTag() == context1)
            {
                var explicitReader = sequence.ReadSequence(context1);
                var list = explicitReader.ReadSequence();
                explicitReader.ThrowIfNotEmpty();
                permitted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                while (list.HasData)
                {
                    var entry = list.ReadSequence();
                    var claim = entry.ReadCharacterString(UniversalTagNumber.IA5String);
                    var values = new List<string>();
                    var valueReader = entry.ReadSequence();
                    entry.ThrowIfNotEmpty();
                    while (valueReader.HasData)
                    {
                        values.Add(valueReader.ReadCharacterString(UniversalTagNumber.UTF8String));
                    }

                    if (values.Count == 0 || !permitted.TryAdd(claim, values))
                    {
                        return Fail($"permittedValues for \"{claim}\" is empty or repeated");
                    }
                }
            }

            if (enhanced && sequence.HasData && sequence.PeekTag() == context2)
            {
                var explicitReader = sequence.ReadSequence(context2);
                mustExclude = ReadNames(explicitReader);
                explicitReader.ThrowIfNotEmpty();
            }

            sequence.ThrowIfNotEmpty();
            if (mustInclude is { Count: 0 } || permitted is { Count: 0 } || mustExclude is { Count: 0 })
            {
                return Fail("a list is empty (SIZE (1..MAX))");
            }

            return ParseResult<JwtClaimConstraints>.Ok(new JwtClaimConstraints(mustInclude, permitted, mustExclude, enhanced));
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return Fail(e.Message);
        }

        static List<string> ReadNames(AsnReader reader)
        {
            var names = new List<string>();
            var list = reader.ReadSequence();
            while (list.HasData)
            {
                names.Add(list.ReadCharacterString(UniversalTagNumber.IA5String));
            }

            return names;
        }

        ParseResult<JwtClaimConstraints> Fail(string message) =>
            ParseResult<JwtClaimConstraints>.Fail(ParseErrorCode.InvalidAsn1, -1, $"the {(enhanced ? "EnhancedJWTClaimConstraints" : "JWTClaimConstraints")} extension is malformed: {message}");
    }

    /// <summary>The DER extension value (EXPLICIT tags), for <see cref="IsEnhanced"/> id-pe 33, else id-pe 27.</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (MustInclude.Count > 0)
            {
                WriteNames(writer, 0, MustInclude);
            }

            if (PermittedValues.Count > 0)
            {
                var tag = new Asn1Tag(TagClass.ContextSpecific, 1, true);
                using (writer.PushSequence(tag))
                using (writer.PushSequence())
                {
                    foreach (var (claim, values) in PermittedValues)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteCharacterString(UniversalTagNumber.IA5String, claim);
                            using (writer.PushSequence())
                            {
                                foreach (var value in values)
                                {
                                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                                }
                            }
                        }
                    }
                }
            }

            if (MustExclude.Count > 0)
            {
                WriteNames(writer, 2, MustExclude);
            }
        }

        return writer.Encode();

        static void WriteNames(AsnWriter writer, int tagNumber, IReadOnlyList<string> names)
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tagNumber, true)))
            using (writer.PushSequence())
            {
                foreach (var name in names)
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, name);
                }
            }
        }
    }

    /// <summary>The extension to add to a certificate (non-critical, RFC 8226 §8 / RFC 9118 §3).</summary>
    public X509Extension ToExtension() => new(IsEnhanced ? EnhancedOid : Oid, Encode(), false);
}
