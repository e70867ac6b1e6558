using System.Diagnostics;
using System.Text;
using StirShaken.Identity.Certificates;
using StirShaken.Identity.Certificates.Fetching;
using StirShaken.Identity.Certificates.Revocation;
using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;
using StirShaken.Identity.Verification;

namespace StirShaken.Identity.Tests.Fuzzing;

/// <summary>A fuzz property that does not hold for an input.</summary>
internal sealed class PropertyViolationException(string message) : Exception(message);

/// <summary>
/// The fuzz targets: every parser that sees network bytes, each with its properties (README "Fuzzing"): no exception
/// (a returned failure is fine), no <see cref="FailureReason.InternalError"/>, back within the hang bound, and
/// parse → serialize → parse stable where the type can be serialized.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>
    /// A hang detector, not a timing assertion: no input may keep one call busy this long (the documented
    /// per-fetch bound is 2 s and these targets never fetch).
    /// </summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(10);

    /// <summary>The SIP message and the whole verifier: RFC 8224 §6.2 end to end, in memory.</summary>
    /// <param name="verifier">A verifier over in-memory certificates (no network).</param>
    /// <param name="text">The raw message.</param>
    /// <param name="mustPass">True when the message carries an untouched valid Identity header beside the hostile one.</param>
    public static void SipMessageAndVerifier(StirShakenVerifier verifier, string text, bool mustPass)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = verifier.VerifyAsync(text).AsTask().GetAwaiter().GetResult();
        Bounded(stopwatch, "verify");
        NoInternalError(result);
        if (mustPass && result.Status != VerificationStatus.Passed)
        {
            throw new PropertyViolationException($"a valid Identity header beside a hostile one must pass (RFC 8224 §6.2.1): {result}");
        }

        var parsed = SipMessage.TryParse(text);
        if (!parsed.IsSuccess)
        {
            return;
        }

        var serialized = parsed.Value.ToString();
        var again = SipMessage.TryParse(serialized);
        if (!again.IsSuccess)
        {
            throw new PropertyViolationException($"the re-serialized message does not parse: {again.Error}");
        }

        if (again.Value.ToString() != serialized)
        {
            throw new PropertyViolationException("parse → serialize → parse → serialize is not stable");
        }

        var second = verifier.VerifyAsync(again.Value).AsTask().GetAwaiter().GetResult();
        NoInternalError(second);
        if (second.Status != result.Status || second.Failure?.Reason != result.Failure?.Reason)
        {
            throw new PropertyViolationException($"the re-serialized message verifies differently: {result} then {second}");
        }
    }

    /// <summary>RFC 8224 §4 Identity values (and the legacy RFC 4474 pair): parse → format → parse gives the same parts.</summary>
    public static void IdentityHeaderValue(string value, string infoValue)
    {
        _ = LegacyIdentity.IsLegacyValue(value);
        _ = LegacyIdentity.TryParse(value, infoValue);
        var parsed = IdentityHeader.TryParse(value);
        if (!parsed.IsSuccess)
        {
            return;
        }

        var header = parsed.Value;
        var formatted = IdentityHeader.Format(header.Token, header.Info, header.Alg ?? JoseAlgorithms.ES256, header.Ppt);
        var again = IdentityHeader.TryParse(formatted);
        if (!again.IsSuccess || again.Value.Token != header.Token || again.Value.Info != header.Info || again.Value.Ppt != header.Ppt || again.Value.IsCompact != header.IsCompact)
        {
            throw new PropertyViolationException($"format then parse changes the header: '{formatted}'");
        }
    }

    /// <summary>PASSporT (base64url + JSON + claims): never throws; a decoded token re-serializes canonically to a token that decodes the same.</summary>
    public static void Passport(string jws)
    {
        _ = PassportToken.TryParseHeader(jws);
        var parsed = PassportToken.TryParse(jws);
        if (!parsed.IsSuccess)
        {
            if (parsed.Error.Position < 0 || parsed.Error.Position > jws.Length)
            {
                throw new PropertyViolationException($"error position {parsed.Error.Position} outside the token ({jws.Length} chars)");
            }

            return;
        }

        var token = parsed.Value;
        _ = token.Header.OtherParameters.Count + token.Claims.OtherClaims.Count;
        var rebuilt = PassportToken.FromParts(token.Header, token.Claims, token.Signature);
        var again = PassportToken.TryParse(rebuilt.FullForm);
        if (!again.IsSuccess)
        {
            throw new PropertyViolationException($"the canonical re-serialization does not decode: {again.Error}");
        }

        if (again.Value.Header.ToCanonicalJson() != token.Header.ToCanonicalJson() || again.Value.Claims.ToCanonicalJson() != token.Claims.ToCanonicalJson())
        {
            throw new PropertyViolationException("the canonical re-serialization decodes to different JSON");
        }
    }

    /// <summary>The x5u response body (PEM or DER, RFC 7468, RFC 5280): never throws; a parsed chain round-trips through PEM.</summary>
    public static void CertificateChainBody(byte[] body)
    {
        var parsed = CertificateChain.TryParse(body);
        if (!parsed.IsSuccess)
        {
            return;
        }

        var again = CertificateChain.TryParse(Encoding.ASCII.GetBytes(parsed.Value.ToPem()));
        if (!again.IsSuccess || again.Value.RawData.Count != parsed.Value.RawData.Count
            || !again.Value.RawData.Zip(parsed.Value.RawData).All(static pair => pair.First.AsSpan().SequenceEqual(pair.Second)))
        {
            throw new PropertyViolationException("a parsed chain does not round-trip through PEM");
        }
    }

    /// <summary>The TNAuthList extension value (RFC 8226 §9): never throws; decode → encode → decode is stable.</summary>
    public static void TnAuthListDer(byte[] der)
    {
        var parsed = TnAuthList.TryDecode(der);
        if (!parsed.IsSuccess)
        {
            return;
        }

        var list = parsed.Value;
        var again = TnAuthList.TryDecode(TnAuthList.Encode(list.ServiceProviderCodes, list.Ranges, list.Numbers));
        if (!again.IsSuccess || again.Value.ToString() != list.ToString())
        {
            throw new PropertyViolationException($"TNAuthList decode → encode → decode changes it: {list}");
        }
    }

    /// <summary>A CRL (RFC 5280 §5, DER or PEM): never throws.</summary>
    public static void Crl(byte[] data)
    {
        var crl = ParsedCrl.TryParse(data, "fuzz", out var error);
        if (crl is null && error is null)
        {
            throw new PropertyViolationException("a CRL that does not parse must say why");
        }
    }

    /// <summary>HTTP cache headers (RFC 9111 §4.2, §5.2, §5.3): never throws; the lifetime never passes notAfter.</summary>
    public static void CacheHeaders(string cacheControl, string expires, string date)
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        if (!response.Headers.TryAddWithoutValidation("Cache-Control", cacheControl)
            | !response.Content.Headers.TryAddWithoutValidation("Expires", expires)
            | !response.Headers.TryAddWithoutValidation("Date", date))
        {
            return; // not representable as a header value (e.g. a bare CR): HttpClient would never hand it over
        }

        var now = TestCall.Now;
        var notAfter = now.AddDays(30);
        var freshness = HttpCacheLifetime.Parse(response.Headers, response.Content.Headers, now);
        var expiresAt = HttpCacheLifetime.ExpiresAt(freshness, now, notAfter, TimeSpan.FromHours(24), TimeSpan.FromDays(7));
        if (expiresAt is { } at && (at > notAfter || at < now))
        {
            throw new PropertyViolationException($"cache lifetime {at:O} outside [now, notAfter]");
        }
    }

    private static void NoInternalError(VerificationResult result)
    {
        if (result.Failure?.Reason == FailureReason.InternalError || result.Headers.Any(static h => h.Failure?.Reason == FailureReason.InternalError))
        {
            throw new PropertyViolationException($"500 from input: {result.Failure?.Detail ?? result.Headers.First(static h => h.Failure?.Reason == FailureReason.InternalError).Failure!.Detail}");
        }
    }

    private static void Bounded(Stopwatch stopwatch, string what)
    {
        if (stopwatch.Elapsed > HangBound)
        {
            throw new PropertyViolationException($"{what} took {stopwatch.Elapsed.TotalSeconds:F1} s (hang bound {HangBound.TotalSeconds} s)");
        }
    }
}
