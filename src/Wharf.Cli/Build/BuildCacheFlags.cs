using Wharf.Build.Cache;
using Wharf.Oci.Images;

namespace Wharf.Cli.Build;

/// <summary>buildx's syntax for <c>--cache-from</c> and <c>--cache-to</c>: <c>type=registry,ref=HOST/REPO:TAG</c>
/// (with <c>mode=min|max</c> and <c>ignore-error=true|false</c> for an export), or only references,
/// <c>HOST/REPO:TAG[,HOST/REPO:TAG…]</c>. Anything else is an <see cref="ArgumentException"/> naming the flag and the
/// value: the command's one-line error.</summary>
internal static class BuildCacheFlags
{
    private const string From = "--cache-from";
    private const string To = "--cache-to";

    public static IEnumerable<ImageReference> ParseFrom(string value) =>
        IsReferencesOnly(value, From)
            ? value.Split(',').Select(text => Reference(From, value, text, tagOnly: false))
            : [Reference(From, value, Fields(From, value, ["type", "ref"]), tagOnly: false)];

    public static IEnumerable<CacheExport> ParseTo(string value)
    {
        if (IsReferencesOnly(value, To))
        {
            return value.Split(',').Select(text => new CacheExport(Reference(To, value, text, tagOnly: true)));
        }

        var fields = Fields(To, value, ["type", "ref", "mode", "ignore-error", "oci-mediatypes", "image-manifest"]);
        var reference = Reference(To, value, fields, tagOnly: true);
        var mode = fields.GetValueOrDefault("mode") switch
        {
            null or "min" => CacheMode.Min,
            "max" => CacheMode.Max,
            var other => throw Bad(To, value, $"mode={other}: use min or max"),
        };
        // What Wharf always writes (OCI media types, an image manifest): buildx's flags asking for it are accepted.
        foreach (var always in new[] { "oci-mediatypes", "image-manifest" })
        {
            if (fields.TryGetValue(always, out var setting) && !IsTrue(To, value, always, setting))
            {
                throw Bad(To, value, $"{always}={setting}: Wharf writes the cache as an OCI image manifest only");
            }
        }

        return [new CacheExport(reference, mode, fields.TryGetValue("ignore-error", out var ignore) && IsTrue(To, value, "ignore-error", ignore))];
    }

    /// <summary>buildx's short form: no field has an '='.</summary>
    private static bool IsReferencesOnly(string value, string flag)
    {
        var parts = value.Split(',');
        if (parts.Any(p => p.Contains('=', StringComparison.Ordinal)))
        {
            return false;
        }

        return parts.All(p => p.Length > 0) ? true : throw Bad(flag, value, "expected type=registry,ref=HOST/REPO:TAG or HOST/REPO:TAG");
    }

    private static Dictionary<string, string> Fields(string flag, string value, string[] known)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw Bad(flag, value, $"'{part}' is not KEY=VALUE");
            }

            if (!fields.TryAdd(part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..]))
            {
                throw Bad(flag, value, $"{part[..equals]}= is given twice");
            }
        }

        switch (fields.GetValueOrDefault("type"))
        {
            case "registry":
                break;
            case null:
                throw Bad(flag, value, "type= is missing (type=registry)");
            case var other:
                throw Bad(flag, value, $"type={other} is not supported: use type=registry");
        }

        return fields.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown
            ? throw Bad(flag, value, $"unknown field {unknown}= (expected {string.Join(", ", known.Select(k => k + "="))})")
            : fields;
    }

    private static ImageReference Reference(string flag, string value, Dictionary<string, string> fields, bool tagOnly) =>
        fields.GetValueOrDefault("ref") is { Length: > 0 } text
            ? Reference(flag, value, text, tagOnly)
            : throw Bad(flag, value, "ref= is missing (ref=HOST/REPO:TAG)");

    private static ImageReference Reference(string flag, string value, string text, bool tagOnly)
    {
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(text);
        }
        catch (FormatException e)
        {
            throw Bad(flag, value, e.Message);
        }

        if (reference.Transport != ImageTransport.Registry)
        {
            throw Bad(flag, value, $"{text} is not a registry reference (HOST/REPO:TAG)");
        }

        return tagOnly && reference.Reference!.Value.IsDigest
            ? throw Bad(flag, value, $"{text}: a cache is pushed under a tag, not a digest")
            : reference;
    }

    private static bool IsTrue(string flag, string value, string key, string setting) => setting switch
    {
        "true" => true,
        "false" => false,
        _ => throw Bad(flag, value, $"{key}={setting}: use true or false"),
    };

    private static ArgumentException Bad(string flag, string value, string problem) => new($"{flag} {value}: {problem}");
}
