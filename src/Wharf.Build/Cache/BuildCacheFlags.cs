using Wharf.Oci.Images;

namespace Wharf.Build.Cache;

/// <summary>buildx's syntax for <c>--cache-from</c> and <c>--cache-to</c>: <c>type=registry,ref=HOST/REPO:TAG</c>
/// (with <c>mode=min|max</c> and <c>ignore-error=true|false</c> for an export), or only references,
/// <c>HOST/REPO:TAG[,HOST/REPO:TAG…]</c>. Anything else is an <see cref="ArgumentException"/> naming the flag and the
/// value: the command's one-line error. The CLI parses its flags with it, and the builds API its <c>cacheFrom</c> and
/// <c>cacheTo</c> fields (the errors then name the field), so a server build takes exactly what <c>wharf build</c> does.</summary>
public static class BuildCacheFlags
{
    private const string FromFlag = "--cache-from";
    private const string ToFlag = "--cache-to";

    /// <summary>The refs one <c>--cache-from</c> value names; <paramref name="flag"/> names the field in errors.</summary>
    public static IEnumerable<ImageReference> ParseFrom(string value, string flag = FromFlag) =>
        IsReferencesOnly(value, flag)
            ? value.Split(',').Select(text => Reference(flag, value, text, tagOnly: false))
            : [Reference(flag, value, Fields(flag, value, ["type", "ref"]), tagOnly: false)];

    /// <summary>The exports one <c>--cache-to</c> value asks for; <paramref name="flag"/> names the field in errors.</summary>
    public static IEnumerable<CacheExport> ParseTo(string value, string flag = ToFlag)
    {
        if (IsReferencesOnly(value, flag))
        {
            return value.Split(',').Select(text => new CacheExport(Reference(flag, value, text, tagOnly: true)));
        }

        var fields = Fields(flag, value, ["type", "ref", "mode", "ignore-error", "oci-mediatypes", "image-manifest"]);
        var reference = Reference(flag, value, fields, tagOnly: true);
        var mode = fields.GetValueOrDefault("mode") switch
        {
            null or "min" => CacheMode.Min,
            "max" => CacheMode.Max,
            var other => throw Bad(flag, value, $"mode={other}: use min or max"),
        };
        // What Wharf always writes (OCI media types, an image manifest): buildx's flags asking for it are accepted.
        foreach (var always in new[] { "oci-mediatypes", "image-manifest" })
        {
            if (fields.TryGetValue(always, out var setting) && !IsTrue(flag, value, always, setting))
            {
                throw Bad(flag, value, $"{always}={setting}: Wharf writes the cache as an OCI image manifest only");
            }
        }

        return [new CacheExport(reference, mode, fields.TryGetValue("ignore-error", out var ignore) && IsTrue(flag, value, "ignore-error", ignore))];
    }

    /// <summary>An export in the long form <see cref="ParseTo"/> reads back as it: what <c>wharf build --server</c> sends.</summary>
    public static string Format(CacheExport export) =>
        $"type=registry,ref={Text(export.Reference)},mode={(export.Mode == CacheMode.Max ? "max" : "min")}" + (export.IgnoreError ? ",ignore-error=true" : "");

    /// <summary>A registry reference as <c>HOST/REPO:TAG</c> or <c>HOST/REPO@DIGEST</c>, without skopeo's transport
    /// prefix: how buildx writes a cache ref.</summary>
    public static string Text(ImageReference reference) =>
        $"{reference.Host}/{reference.Repository}{(reference.Reference!.Value.IsDigest ? "@" : ":")}{reference.Reference}";

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
