namespace StirShaken.Identity.Cli;

/// <summary>"Did you mean" hints and user-facing error text.</summary>
internal static class Suggestions
{
    /// <summary><c> (did you mean '--x'?)</c> for the closest candidate within edit distance 2 (or a prefix match), else empty.</summary>
    public static string DidYouMean(string given, IEnumerable<string> candidates, string prefix = "")
    {
        var best = candidates
            .Select(c => (Name: c, Distance: c.StartsWith(given, StringComparison.OrdinalIgnoreCase) && given.Length >= 2 ? 0 : Distance(given.ToLowerInvariant(), c)))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, given.Length / 3)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" (did you mean '{prefix}{best.Name}'?)";
    }

    /// <summary>The message of an unexpected exception in our words: no type name, no "(Parameter 'x')" suffix.</summary>
    public static string UserMessage(Exception e) => InputFiles.Describe(e);

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
