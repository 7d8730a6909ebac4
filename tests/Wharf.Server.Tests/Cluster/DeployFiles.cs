using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cluster;

/// <summary>The operator's files under <c>docs/deploy/</c>, which docs/deploy.md shows and the cluster test runs: HAProxy's
/// configuration and its <c>/etc/default/haproxy</c>, the nodes' environment file and their systemd unit. Read from the
/// source tree at run time, so the document and the test cannot drift apart.</summary>
internal static class DeployFiles
{
    public static string Directory => Path.Combine(SourceTree.Root, "docs", "deploy");

    /// <summary><c>/etc/haproxy/haproxy.cfg</c>; its <c>"${NAME}"</c> values come from the environment.</summary>
    public static string HaproxyConfig => Path.Combine(Directory, "haproxy.cfg");

    /// <summary><c>/etc/default/haproxy</c>: example values of the variables <see cref="HaproxyConfig"/> reads.</summary>
    public static string HaproxyDefaults => Path.Combine(Directory, "haproxy.default");

    /// <summary><c>/etc/wharf/wharf.env</c>: every node's settings.</summary>
    public static string WharfEnvironment => Path.Combine(Directory, "wharf.env");

    /// <summary><c>/etc/systemd/system/wharf.service</c>.</summary>
    public static string WharfUnit => Path.Combine(Directory, "wharf.service");

    /// <summary>The <c>NAME=value</c> lines of an environment file, as systemd's <c>EnvironmentFile=</c> reads the ones
    /// these files use: blank lines and <c>#</c> comments skipped, one pair of double quotes around a value removed.
    /// Anything else is refused rather than guessed at.</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvironmentFile(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || line[..equals].Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
            {
                throw new InvalidDataException($"{path}: '{line}' is not NAME=value");
            }

            var value = line[(equals + 1)..];
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Contains('$', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}: '{line}' needs quoting rules this reader does not implement");
            }

            if (!values.TryAdd(line[..equals], value))
            {
                throw new InvalidDataException($"{path}: {line[..equals]} is set twice");
            }
        }

        return values;
    }

    /// <summary>The unit's <c>ExecStart=</c> command line, split on spaces (it uses no quoting).</summary>
    public static IReadOnlyList<string> ExecStart()
    {
        var line = File.ReadAllLines(WharfUnit).Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        return line["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
