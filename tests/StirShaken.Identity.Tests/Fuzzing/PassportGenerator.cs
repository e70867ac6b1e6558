using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using StirShaken.Identity.Passport;

namespace StirShaken.Identity.Tests.Fuzzing;

/// <summary>
/// Structured, signed inputs: a SHAKEN PASSporT built member by member (mostly valid, sometimes hostile values),
/// its JSON bytes mutated, then signed with the test SP key, so that a mutation reaches the checks behind the
/// signature; then the token, the Identity parameters and the SIP text can be mutated in turn.
/// </summary>
internal static class PassportGenerator
{
    public const string Parameters = ";info=<" + TestCall.X5u + ">;alg=ES256;ppt=shaken";

    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 15].Select(static d => new string(d));

    // Any UTF-16 code unit, lone surrogates included: JSON-escaped below, so they reach the decoder as \uXXXX.
    private static readonly Gen<string> AnyText = Gen.Char.Array[0, 12].Select(static c => new string(c));

    private static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Gen.OneOf("A", "shaken", "passport", "ES256", TestCall.X5u, "123e4567-e89b-12d3-a456-426655440000", "", "sip:a@b", "1")),
        (3, AnyText)).Select(Quote);

    private static readonly Gen<string> JsonScalar = Gen.Frequency(
        (4, JsonString),
        (1, Gen.OneOf("0", "-1", "1.5e3", "1e400", "9223372036854775807", "true", "false", "null")));

    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (5, JsonScalar),
        (1, JsonScalar.Array[0, 3].Select(static items => "[" + string.Join(",", items) + "]")),
        (1, Gen.Select(JsonString, JsonScalar, (k, v) => "{" + k + ":" + v + "}")));

    private static readonly Gen<string> Name = Gen.Frequency(
        (4, Gen.OneOf("rcd", "crn", "div", "opt", "zz", "kid", "jku", "x5c", "cty", "b64", "x5t#S256", "\u00e9")),
        (1, AnyText));

    private static readonly Gen<string> Member = Gen.Select(Name, JsonValue, (n, v) => "," + Quote(n) + ":" + v);

    private static readonly Gen<string> Crit = Gen.Frequency(
        (6, Gen.Const(string.Empty)),
        (1, Gen.OneOf(",\"crit\":[\"ppt\"]", ",\"crit\":[\"foo\"],\"foo\":1", ",\"crit\":[]", ",\"crit\":[\"alg\"]", ",\"crit\":\"ppt\"")));

    /// <summary>The JOSE header JSON text.</summary>
    public static readonly Gen<string> HeaderJson = Gen.Select(
        Gen.Frequency((8, Gen.Const("ES256")), (1, Gen.OneOf("none", "HS256", "es256", ""))),
        Gen.Frequency((8, Gen.Const("passport")), (1, Gen.OneOf("PASSporT", "application/passport", "JWT"))),
        Gen.Frequency((8, Gen.Const("shaken")), (1, Gen.OneOf("div", "SHAKEN", "rcd"))),
        Crit,
        Member.Array[0, 2],
        (alg, typ, ppt, crit, extra) =>
            $"{{\"alg\":{Quote(alg)},\"ppt\":{Quote(ppt)},\"typ\":{Quote(typ)},\"x5u\":{Quote(TestCall.X5u)}{crit}{string.Concat(extra)}}}");

    /// <summary>The claims JSON text; orig, dest and iat match <see cref="TestCall.Invite"/> most of the time.</summary>
    public static readonly Gen<string> PayloadJson = Gen.Select(
        Gen.Frequency((8, Gen.OneOf("\"A\"", "\"B\"", "\"C\"")), (1, Gen.OneOf("\"D\"", "\"\"", "1", "null"))),
        Gen.Frequency((6, Gen.Const(TestCall.Orig)), (1, Digits)),
        Gen.Frequency((6, Gen.Const(new[] { TestCall.Dest })), (1, Digits.Array[1, 3])),
        Gen.Frequency((6, Gen.Const(TestCall.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))), (1, Gen.OneOf("0", "1", "\"1\"", "1e3", "99999999999999999999"))),
        Gen.Frequency((6, Gen.Const(Quote("123e4567-e89b-12d3-a456-426655440000"))), (1, JsonString)),
        Member.Array[0, 3],
        (attest, orig, dest, iat, origId, extra) =>
            $"{{\"attest\":{attest},\"dest\":{{\"tn\":[{string.Join(",", dest.Select(Quote))}]}},\"iat\":{iat},\"orig\":{{\"tn\":{Quote(orig)}}},\"origid\":{origId}{string.Concat(extra)}}}");

    /// <summary>A signed Identity header value and whether it was left untouched after signing with valid-looking parts.</summary>
    public sealed record Case(string HeaderJson, string PayloadJson, Mutation[] JsonMutations, Mutation[] TokenMutations, Mutation[] ParameterMutations)
    {
        public string Build(ECDsa key)
        {
            var header = Encoding.UTF8.GetBytes(HeaderJson);
            var payload = Encoding.UTF8.GetBytes(PayloadJson);
            // Even mutations go to the header, odd ones to the payload.
            header = Mutations.Apply(header, [.. JsonMutations.Where(static (_, i) => i % 2 == 0)]);
            payload = Mutations.Apply(payload, [.. JsonMutations.Where(static (_, i) => i % 2 == 1)]);
            var input = Base64Url.Encode(header) + "." + Base64Url.Encode(payload);
            var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var token = Mutations.ApplyToChars(input + "." + Base64Url.Encode(signature), TokenMutations);
            return token + Mutations.ApplyToChars(Parameters, ParameterMutations);
        }

        public override string ToString() =>
            $"header {HeaderJson}\npayload {PayloadJson}\njson [{string.Join(" ", JsonMutations)}] token [{string.Join(" ", TokenMutations)}] params [{string.Join(" ", ParameterMutations)}]";
    }

    /// <summary>Mostly unmutated tokens, mostly JSON-level mutations when mutated.</summary>
    public static readonly Gen<Case> Cases = Gen.Select(
        HeaderJson,
        PayloadJson,
        Gen.Frequency((2, Gen.Const(Array.Empty<Mutation>())), (5, Mutations.AtLeastOne(4))),
        Gen.Frequency((5, Gen.Const(Array.Empty<Mutation>())), (1, Mutations.AtLeastOne(3))),
        Gen.Frequency((8, Gen.Const(Array.Empty<Mutation>())), (1, Mutations.AtLeastOne(2))),
        static (h, p, j, t, m) => new Case(h, p, j, t, m));

    /// <summary>JSON string literal; every non-ASCII UTF-16 unit as <c>\uXXXX</c>, so lone surrogates survive as escapes.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
