using System.Collections.ObjectModel;
using System.Text.Json;
using StirShaken.Identity.Passport.Json;

namespace StirShaken.Identity.Passport;

/// <summary>
/// The PASSporT JOSE protected header (RFC 8225 §4, RFC 7515 §4.1): <c>alg</c>, <c>typ</c>, <c>ppt</c>,
/// <c>x5u</c> and <c>crit</c> are typed; every other parameter is in <see cref="OtherParameters"/>.
/// </summary>
/// <remarks>
/// A decoded header keeps its JSON, so re-serializing it (RFC 8225 §9) gives back the received
/// canonical bytes. The header only models <c>crit</c>; enforcing it is the verifier's job.
/// </remarks>
public sealed class PassportHeader
{
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        JoseHeaderParameterNames.Alg, JoseHeaderParameterNames.Typ, JoseHeaderParameterNames.Ppt, JoseHeaderParameterNames.X5u, JoseHeaderParameterNames.Crit,
    };

    private readonly IReadOnlyList<string>? _crit;
    private ExtensionMembers _other;

    /// <summary>Creates a header for signing.</summary>
    /// <param name="x5u">The HTTPS URL of the signer's certificate chain (RFC 8225 §4.3).</param>
    /// <param name="ppt">The extension (one of <see cref="PassportTypes"/>), or null for a base PASSporT (RFC 8225 §8.1).</param>
    /// <param name="alg">The algorithm; PASSporT requires <see cref="JoseAlgorithms.ES256"/> (RFC 8225 §4.2).</param>
    /// <param name="typ">The token type; always <see cref="PassportMediaTypes.Passport"/> (RFC 8225 §4.1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="x5u"/>, <paramref name="alg"/> or <paramref name="typ"/> is null.</exception>
    public PassportHeader(string x5u, string? ppt = PassportTypes.Shaken, string alg = JoseAlgorithms.ES256, string typ = PassportMediaTypes.Passport)
    {
        X5u = x5u ?? throw new ArgumentNullException(nameof(x5u));
        Ppt = ppt;
        Alg = alg ?? throw new ArgumentNullException(nameof(alg));
        Typ = typ ?? throw new ArgumentNullException(nameof(typ));
        _other = ExtensionMembers.None;
    }

    private PassportHeader(string? alg, string? typ, string? ppt, string? x5u, IReadOnlyList<string>? crit, List<KeyValuePair<string, JsonNode>> other, JsonNode json)
    {
        Alg = alg;
        Typ = typ;
        Ppt = ppt;
        X5u = x5u;
        _crit = crit;
        _other = new ExtensionMembers(other);
        Json = json;
    }

    /// <summary>The signature algorithm (<see cref="JoseAlgorithms.ES256"/> for SHAKEN), or null when absent.</summary>
    public string? Alg { get; }

    /// <summary>The token type, <see cref="PassportMediaTypes.Passport"/> (RFC 8225 §4.1); null when absent.</summary>
    public string? Typ { get; }

    /// <summary>The PASSporT extension (see <see cref="PassportTypes"/>), or null for a base PASSporT (RFC 8225 §8.1).</summary>
    public string? Ppt { get; }

    /// <summary>The URL of the signer's certificate chain (RFC 8225 §4.3), or null when absent.</summary>
    public string? X5u { get; }

    /// <summary>
    /// The <c>crit</c> list (RFC 7515 §4.1.11): names of extensions the recipient must understand and
    /// process, or null when absent. A decoded <c>crit</c> is a non-empty array of non-empty strings.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty list or a list with a null or empty name.</exception>
    public IReadOnlyList<string>? Crit
    {
        get => _crit;
        init
        {
            if (value is not null && (value.Count == 0 || value.Any(string.IsNullOrEmpty)))
            {
                throw new ArgumentException("crit must be a non-empty list of names (RFC 7515 §4.1.11).", nameof(Crit));
            }

            _crit = value is null ? null : new ReadOnlyCollection<string>([.. value]);
        }
    }

    /// <summary>
    /// The header parameters not typed above (e.g. <c>kid</c>), name → read-only JSON value. Empty when
    /// there are none. Settable when creating a header for signing; a typed name is refused.
    /// </summary>
    /// <exception cref="ArgumentException">Set with a typed or empty name, or a value with duplicate member names.</exception>
    public IReadOnlyDictionary<string, JsonElement> OtherParameters
    {
        get => _other.View;
        init => _other = ExtensionMembers.FromElements(value, Modelled, nameof(OtherParameters));
    }

    internal JsonNode? Json { get; }

    /// <summary>The canonical JSON (RFC 8225 §9) of this header, e.g. <c>{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"..."}</c>.</summary>
    public string ToCanonicalJson() => CanonicalJsonWriter.ToText(ToJson());

    internal JsonNode ToJson()
    {
        if (Json is not null)
        {
            return Json;
        }

        var members = new List<KeyValuePair<string, JsonNode>>(_other.Members);
        Add(members, JoseHeaderParameterNames.Alg, Alg);
        Add(members, JoseHeaderParameterNames.Ppt, Ppt);
        Add(members, JoseHeaderParameterNames.Typ, Typ);
        Add(members, JoseHeaderParameterNames.X5u, X5u);
        if (_crit is not null)
        {
            members.Add(new(JoseHeaderParameterNames.Crit, JsonNode.Array([.. _crit.Select(static name => JsonNode.String(name))])));
        }

        return JsonNode.Object(members);
    }

    /// <summary>
    /// Reads the header parameters by name (RFC 7515 §4.1, RFC 8225 §4). Only JSON types are checked
    /// here; the values the verifier requires are its own rules. Positions are byte offsets into the JSON.
    /// </summary>
    internal static ParseResult<PassportHeader> FromJson(JsonNode json)
    {
        string? alg = null, typ = null, ppt = null, x5u = null;
        IReadOnlyList<string>? crit = null;
        var other = new List<KeyValuePair<string, JsonNode>>();
        foreach (var (name, value) in json.Members!)
        {
            if (name is JoseHeaderParameterNames.Alg or JoseHeaderParameterNames.Typ or JoseHeaderParameterNames.Ppt or JoseHeaderParameterNames.X5u)
            {
                if (value.Kind != JsonKind.String)
                {
                    return ParseResult<PassportHeader>.Fail(ParseErrorCode.InvalidClaim, value.Offset, $"header parameter \"{name}\" must be a string");
                }

                switch (name)
                {
                    case JoseHeaderParameterNames.Alg:
                        alg = value.Text;
                        break;
                    case JoseHeaderParameterNames.Typ:
                        typ = value.Text;
                        break;
                    case JoseHeaderParameterNames.Ppt:
                        ppt = value.Text;
                        break;
                    default:
                        x5u = value.Text;
                        break;
                }
            }
            else if (name == JoseHeaderParameterNames.Crit)
            {
                // RFC 7515 §4.1.11: an array of header parameter names; the empty list MUST NOT be used.
                if (!value.TryGetStringArray(out var names) || names.Any(static n => n.Length == 0))
                {
                    return ParseResult<PassportHeader>.Fail(ParseErrorCode.InvalidClaim, value.Offset, "header parameter \"crit\" must be a non-empty array of names");
                }

                crit = new ReadOnlyCollection<string>(names);
            }
            else
            {
                other.Add(new(name, value));
            }
        }

        return ParseResult<PassportHeader>.Ok(new PassportHeader(alg, typ, ppt, x5u, crit, other, json));
    }

    internal static void Add(List<KeyValuePair<string, JsonNode>> members, string name, string? value)
    {
        if (value is not null)
        {
            members.Add(new(name, JsonNode.String(value)));
        }
    }
}
