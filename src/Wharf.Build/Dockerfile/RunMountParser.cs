using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Parses one <c>--mount=type=cache,target=/root/.cache,sharing=locked</c> (CSV, so a value may be quoted). Without
/// an expander (at parse time) an option holding a <c>$</c> is left for the evaluator, except <c>from</c>, which
/// never takes variables (define an alias stage instead), as in BuildKit.
/// </summary>
internal static class RunMountParser
{
    private static readonly string[] Keys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
        "src", "dst", "destination", "ro", "rw", "readwrite", "env",
    ];

    public static RunMount Parse(string spec, Func<string, string>? expand)
    {
        var m = new RunMount(spec, RunMountType.Bind, null, null, null, null, true, null, false, null, null, null, null, null);
        bool? readOnly = null;
        foreach (var field in CsvFields.Split(spec))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            if (equals < 0)
            {
                (m, readOnly) = key switch
                {
                    "readonly" or "ro" => (m, true),
                    "readwrite" or "rw" => (m, false),
                    "required" when m.Type is RunMountType.Secret or RunMountType.Ssh => (m with { Required = true }, readOnly),
                    "required" => throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(m.Type)}'"),
                    _ => throw new FormatException($"invalid field '{field}' must be a key=value pair"),
                };
                continue;
            }

            var value = field[(equals + 1)..];
            if (key == "from" && value.IndexOf('$', StringComparison.Ordinal) is var dollar && dollar >= 0 && dollar != value.Length - 1)
            {
                throw new FormatException("'from' doesn't support variable expansion, define alias stage instead");
            }

            if (expand is not null)
            {
                value = expand(value);
            }
            else if (value.Contains('$', StringComparison.Ordinal) && key != "from")
            {
                continue;
            }

            switch (key)
            {
                case "type":
                    m = m with { Type = ParseType(value) };
                    break;
                case "from":
                    m = m with { From = value };
                    break;
                case "source" or "src":
                    m = m with { Source = value };
                    break;
                case "target" or "dst" or "destination":
                    m = m with { Target = value };
                    break;
                case "readonly" or "ro":
                    readOnly = ParseBool(key, value);
                    break;
                case "readwrite" or "rw":
                    readOnly = !ParseBool(key, value);
                    break;
                case "required":
                    m = m.Type is RunMountType.Secret or RunMountType.Ssh
                        ? m with { Required = ParseBool(key, value) }
                        : throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(m.Type)}'");
                    break;
                case "size":
                    m = m.Type == RunMountType.Tmpfs
                        ? m with { SizeLimit = ByteSize.Parse(value) ?? throw new FormatException($"invalid value for size: {value}") }
                        : throw new FormatException($"unexpected key '{key}' for mount type '{TypeName(m.Type)}'");
                    break;
                case "id":
                    m = m with { Id = value };
                    break;
                case "sharing":
                    m = m with { Sharing = ParseSharing(value) };
                    break;
                case "mode":
                    m = m with { Mode = ParseNumber(value, 8, "mode") };
                    break;
                case "uid":
                    m = m with { Uid = ParseNumber(value, 10, "uid") };
                    break;
                case "gid":
                    m = m with { Gid = ParseNumber(value, 10, "gid") };
                    break;
                case "env":
                    m = m with { Env = value };
                    break;
                default:
                    throw new FormatException($"unexpected key '{key}' in '{field}'{Suggestion.DidYouMean(key, Keys)}");
            }
        }

        return Validate(m with { ReadOnly = readOnly ?? m.Type is not (RunMountType.Cache or RunMountType.Tmpfs) });
    }

    private static RunMount Validate(RunMount m)
    {
        var fileInfoAllowed = m.Type is RunMountType.Secret or RunMountType.Ssh or RunMountType.Cache;
        if (!fileInfoAllowed && (m.Mode, m.Uid, m.Gid) is var (mode, uid, gid) && (mode ?? uid ?? gid) is not null)
        {
            var option = mode is not null ? "mode" : uid is not null ? "uid" : "gid";
            throw new FormatException($"{option} not allowed for \"{TypeName(m.Type)}\" type mounts");
        }

        if (m.Type == RunMountType.Secret)
        {
            if (m.From is not null)
            {
                throw new FormatException("secret mount should not have a from");
            }

            if (m.Sharing is not null)
            {
                throw new FormatException("secret mount should not define sharing");
            }

            if (m.Source is null && m.Target is null && m.Id is null)
            {
                throw new FormatException("invalid secret mount. one of source, target required");
            }

            if (m.Source is not null && m.Id is not null)
            {
                throw new FormatException("both source and id can't be set");
            }
        }

        return m.Sharing is not null && m.Type != RunMountType.Cache
            ? throw new FormatException($"invalid cache sharing set for {TypeName(m.Type)} mount")
            : m;
    }

    private static RunMountType ParseType(string value) => value.ToLowerInvariant() switch
    {
        "bind" => RunMountType.Bind,
        "cache" => RunMountType.Cache,
        "tmpfs" => RunMountType.Tmpfs,
        "secret" => RunMountType.Secret,
        "ssh" => RunMountType.Ssh,
        _ => throw new FormatException(
            $"unsupported mount type \"{value}\"{Suggestion.DidYouMean(value, ["bind", "cache", "tmpfs", "secret", "ssh"])}"),
    };

    private static CacheSharing ParseSharing(string value) => value.ToLowerInvariant() switch
    {
        "shared" => CacheSharing.Shared,
        "private" => CacheSharing.Private,
        "locked" => CacheSharing.Locked,
        _ => throw new FormatException(
            $"unsupported sharing value \"{value}\"{Suggestion.DidYouMean(value, ["shared", "private", "locked"])}"),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new FormatException($"invalid value for {key}: {value}"),
    };

    private static uint ParseNumber(string value, int radix, string key)
    {
        try
        {
            return radix == 8 ? Convert.ToUInt32(value, 8) : uint.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"invalid value {value} for {key}", e);
        }
    }

    internal static string TypeName(RunMountType type) => type.ToString().ToLowerInvariant();
}
