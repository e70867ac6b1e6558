namespace StirShaken.Identity.Verification;

/// <summary>
/// Every PASSporT type the verifier has rules for, by <c>ppt</c>. A type that is not here is never verified
/// (its header is skipped, RFC 8224 §6.2 step 1), whatever the options say: <see cref="VerifierOptions.SupportedPpts"/>
/// can only narrow this set. To add a type, add its <see cref="IPassportTypeRules"/> class and one entry below.
/// </summary>
internal static class PassportTypeRegistry
{
    private static readonly Dictionary<string, IPassportTypeRules> Rules = new(StringComparer.Ordinal)
    {
        [ShakenPassportRules.Instance.Ppt] = ShakenPassportRules.Instance,
        [DivPassportRules.Div.Ppt] = DivPassportRules.Div,
        [DivPassportRules.DivO.Ppt] = DivPassportRules.DivO,
        [RcdPassportRules.Instance.Ppt] = RcdPassportRules.Instance,
    };

    /// <summary>The <c>ppt</c> values that have rules.</summary>
    public static IReadOnlyCollection<string> KnownPpts => Rules.Keys;

    /// <summary>Finds the rules of a <c>ppt</c>; false when the type has none.</summary>
    public static bool TryGet(string ppt, out IPassportTypeRules rules) => Rules.TryGetValue(ppt, out rules!);

    /// <summary>The rules of the known types that <paramref name="supported"/> names, by <c>ppt</c>.</summary>
    public static Dictionary<string, IPassportTypeRules> Select(IReadOnlySet<string> supported)
    {
        var selected = new Dictionary<string, IPassportTypeRules>(StringComparer.Ordinal);
        foreach (var (ppt, rules) in Rules)
        {
            if (supported.Contains(ppt))
            {
                selected.Add(ppt, rules);
            }
        }

        return selected;
    }
}
