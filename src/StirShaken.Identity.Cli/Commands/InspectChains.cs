using StirShaken.Identity.Parsing;
using StirShaken.Identity.Passport;
using StirShaken.Identity.Sip;

namespace StirShaken.Identity.Cli.Commands;

/// <summary>
/// <c>inspect</c>: the RFC 8946 diversion chains of a message, by structure only (no signature or credential is
/// checked): each path from an outermost <c>div</c> to the PASSporT whose <c>dest</c> holds the first <c>div</c> value.
/// </summary>
internal static class InspectChains
{
    private const int MaxChains = 32;

    /// <summary>One line per chain, innermost first, e.g. <c>1 shaken 12155551212 -> 12125551213 | 2 div 12125551213 -> 12125550199</c>.</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<string> values)
    {
        var tokens = new List<(int Index, PassportToken Token)>();
        for (var i = 0; i < values.Count; i++)
        {
            if (IdentityHeader.TryParse(values[i]) is { IsSuccess: true, Value.IsCompact: false } header && PassportToken.TryParse(header.Value.Token) is { IsSuccess: true } token)
            {
                tokens.Add((i, token.Value));
            }
        }

        var divs = tokens.Where(t => IsDiversion(t.Token)).ToList();
        var referenced = divs.SelectMany(d => Parents(d, tokens)).Where(p => IsDiversion(p.Token)).Select(p => p.Index).ToHashSet();
        var lines = new List<string>();
        foreach (var outermost in divs.Where(d => !referenced.Contains(d.Index)))
        {
            Walk([outermost], tokens, lines);
        }

        return lines;
    }

    private static void Walk(List<(int Index, PassportToken Token)> path, List<(int Index, PassportToken Token)> tokens, List<string> lines)
    {
        if (lines.Count >= MaxChains)
        {
            return;
        }

        var last = path[^1];
        var parents = IsDiversion(last.Token) ? Parents(last, tokens).Where(p => !path.Contains(p)).ToList() : [];
        if (parents.Count == 0)
        {
            var described = Enumerable.Reverse(path).Select(Hop);
            lines.Add((IsDiversion(last.Token) ? "(no PASSporT has the first div value in its dest) | " : string.Empty) + string.Join(" | ", described));
            return;
        }

        foreach (var parent in parents)
        {
            Walk([.. path, parent], tokens, lines);
        }
    }

    private static IEnumerable<(int Index, PassportToken Token)> Parents((int Index, PassportToken Token) div, List<(int Index, PassportToken Token)> tokens)
    {
        if (div.Token.Claims.Div?.Target.Tn is not { } from)
        {
            return [];
        }

        var canonical = TelephoneNumber.Canonicalize(from);
        return tokens.Where(t => t.Index != div.Index && t.Token.Claims.DestTns.Any(d => TelephoneNumber.Canonicalize(d) == canonical));
    }

    private static bool IsDiversion(PassportToken token) => token.Header.Ppt is PassportTypes.Div or PassportTypes.DivO;

    private static string Hop((int Index, PassportToken Token) item)
    {
        var claims = item.Token.Claims;
        var from = claims.Div is { } div ? div.Target.ToString() : claims.Orig.ToString();
        return $"{item.Index + 1} {item.Token.Header.Ppt ?? "(no ppt)"} {from} -> {string.Join(",", claims.DestTns.Concat(claims.DestUris))}";
    }
}
