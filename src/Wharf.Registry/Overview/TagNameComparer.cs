namespace Wharf.Registry.Overview;

/// <summary>Tag names in the order people read versions: runs of digits compare as numbers (1.9 before 1.10), a leading
/// <c>v</c> before a digit is ignored (v1.2 sorts with 1.2), a pre-release comes before its release (1.0.0-rc.1 before
/// 1.0.0, as semver says), numbers before words, words case-insensitively; the exact name breaks any tie, so the order is
/// total.</summary>
public sealed class TagNameComparer : IComparer<string>
{
    public static TagNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var a = WithoutVersionPrefix(x);
        var b = WithoutVersionPrefix(y);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var runA = Run(a, i);
            var runB = Run(b, j);
            var order = CompareRuns(runA, runB);
            if (order != 0)
            {
                return order;
            }

            i += runA.Length;
            j += runB.Length;
        }

        if (i < a.Length || j < b.Length)
        {
            // One is the other with more after it: 1.0.0-rc.1 (a pre-release) before 1.0.0, but 1.0 before 1.0.1.
            var longerIsPreRelease = i < a.Length ? a[i] == '-' : b[j] == '-';
            var aIsLonger = i < a.Length;
            return aIsLonger == longerIsPreRelease ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }

    private static ReadOnlySpan<char> WithoutVersionPrefix(string name) =>
        name.Length > 1 && name[0] is 'v' or 'V' && char.IsAsciiDigit(name[1]) ? name.AsSpan(1) : name.AsSpan();

    private static ReadOnlySpan<char> Run(ReadOnlySpan<char> text, int start)
    {
        var digits = char.IsAsciiDigit(text[start]);
        var end = start + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]) == digits)
        {
            end++;
        }

        return text[start..end];
    }

    private static int CompareRuns(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var aNumber = char.IsAsciiDigit(a[0]);
        var bNumber = char.IsAsciiDigit(b[0]);
        if (aNumber != bNumber)
        {
            return aNumber ? -1 : 1;
        }

        if (aNumber)
        {
            // Compared as numbers of any length: without leading zeros the longer is the larger.
            var trimmedA = a.TrimStart('0');
            var trimmedB = b.TrimStart('0');
            return trimmedA.Length != trimmedB.Length ? trimmedA.Length.CompareTo(trimmedB.Length) : trimmedA.SequenceCompareTo(trimmedB);
        }

        return a.CompareTo(b, StringComparison.OrdinalIgnoreCase);
    }
}
