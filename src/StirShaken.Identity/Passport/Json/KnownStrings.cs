namespace StirShaken.Identity.Passport.Json;

/// <summary>
/// The member names and short values every PASSporT repeats (RFC 8225 §5, RFC 8588 §4, RFC 7515 §4.1): read as the
/// one shared string instead of a new one per token (README "Performance"). Matched on the raw, unescaped UTF-8.
/// </summary>
internal static class KnownStrings
{
    private static readonly string[] Strings =
    [
        PassportClaimNames.Orig, PassportClaimNames.Dest, PassportClaimNames.Iat, PassportClaimNames.Attest, PassportClaimNames.OrigId,
        PassportClaimNames.Div, PassportClaimNames.Opt, PassportClaimNames.Tn, PassportClaimNames.Uri, PassportClaimNames.HistoryInfoIndex,
        JoseHeaderParameterNames.Alg, JoseHeaderParameterNames.Typ, JoseHeaderParameterNames.Ppt, JoseHeaderParameterNames.X5u,
        JoseHeaderParameterNames.Crit, PassportTypes.Shaken, PassportTypes.DivO, PassportTypes.Rcd, PassportMediaTypes.Passport,
        JoseAlgorithms.ES256, "A", "B", "C", RichCallDataNames.Rcdi, RichCallDataNames.Crn, RichCallDataNames.Nam,
    ];

    private static readonly byte[][] Utf8 = [.. Strings.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The shared string equal to <paramref name="utf8"/>, or null when it is not one of them.</summary>
    public static string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 8)
        {
            return null;
        }

        for (var i = 0; i < Utf8.Length; i++)
        {
            if (utf8.SequenceEqual(Utf8[i]))
            {
                return Strings[i];
            }
        }

        return null;
    }
}
