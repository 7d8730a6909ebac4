namespace Wharf.Build.Dockerfile;

/// <summary>"did you mean …?" for a mistyped instruction, flag, stage or mount option.</summary>
internal static class Suggestion
{
    /// <summary>The closest candidate within two edits (one for words under four letters), or null.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= (typed.Length >= 4 ? 2 : 1) ? best : null;
    }

    public static string DidYouMean(string typed, IEnumerable<string> candidates, string prefix = "") =>
        Closest(typed, candidates) is { } close ? $" (did you mean {prefix}{close}?)" : "";

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
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
