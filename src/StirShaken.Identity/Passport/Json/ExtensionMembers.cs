using System.Text.Json;

namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// The members of a PASSporT object that the model does not type (other claims, other JOSE header
/// parameters): kept as parsed for the canonical re-serialization (RFC 8225 §9), and exposed as a
/// read-only <see cref="JsonElement"/> view built once, on first access. Immutable, so shareable.
/// </summary>
internal sealed class ExtensionMembers
{
    /// <summary>No members.</summary>
    public static readonly ExtensionMembers None = new([]);

    private readonly List<KeyValuePair<string, JsonNode>> _members;
    private IReadOnlyDictionary<string, JsonElement>? _view;

    public ExtensionMembers(List<KeyValuePair<string, JsonNode>> members) => _members = members;

    /// <summary>The members in received (or given) order.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode>> Members => _members;

    /// <summary>Name → read-only JSON value.</summary>
    public IReadOnlyDictionary<string, JsonElement> View =>
        _view ?? Interlocked.CompareExchange(ref _view, JsonElementBridge.ToElements(_members), null) ?? _view!;

    /// <summary>Members given by a caller (for signing); a <paramref name="reserved"/> (typed) name is refused.</summary>
    /// <exception cref="ArgumentException">A reserved or empty name, or a value with duplicate member names.</exception>
    public static ExtensionMembers FromElements(IReadOnlyDictionary<string, JsonElement> elements, ISet<string> reserved, string parameterName) =>
        new(JsonElementBridge.FromElements(elements, reserved, parameterName));
}
