namespace Wharf.Build.Dockerfile;

/// <summary>An instruction line cut into its upper-cased keyword, its <c>--flag</c> words and the rest.</summary>
internal sealed record SplitLine(string Keyword, IReadOnlyList<string> Flags, string Rest);
