using System.CommandLine;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.CommandLine;

/// <summary>Options several commands share, defined once so they read the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<bool> Insecure() => new("--insecure")
    {
        Description = "Use plain HTTP (and accept any TLS certificate) for registries that are not on loopback; loopback always uses HTTP.",
    };

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print nothing but errors." };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as one JSON document." };

    public static Option<Platform?> PlatformOption() => new("--platform")
    {
        Description = "The platform to pick from a multi-platform image, as os/arch[/variant] (e.g. linux/arm64).",
        CustomParser = r => r.Tokens.Count == 0 ? null : Parse(r.Tokens[0].Value, r),
    };

    public static OutputMode Mode(ParseResult result, Option<bool>? quiet, Option<bool>? json) =>
        json is not null && result.GetValue(json) ? OutputMode.Json
        : quiet is not null && result.GetValue(quiet) ? OutputMode.Quiet
        : OutputMode.Normal;

    private static Platform? Parse(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        try
        {
            return PlatformMatcher.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return null;
        }
    }
}
