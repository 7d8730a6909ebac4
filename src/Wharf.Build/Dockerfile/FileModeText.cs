using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>The text of <c>--chmod</c>: octal digits, or chmod(1)'s symbolic clauses.</summary>
internal static partial class FileModeText
{
    public static bool IsValid(string text) => OctalPattern().IsMatch(text) || SymbolicPattern().IsMatch(text);

    [GeneratedRegex("^[0-7]{1,4}$")]
    private static partial Regex OctalPattern();

    [GeneratedRegex("^[ugoa]*[-+=][rwxXst]*(?:[-+=][rwxXst]*)*(?:,[ugoa]*[-+=][rwxXst]*(?:[-+=][rwxXst]*)*)*$")]
    private static partial Regex SymbolicPattern();
}
