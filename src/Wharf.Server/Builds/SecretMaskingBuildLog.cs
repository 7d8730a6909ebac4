using System.Text;
using Wharf.Build;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>A build's log with its secrets' values masked (<c>****</c>), as CI services mask theirs: a step that prints
/// a secret by mistake (<c>cat /run/secrets/token</c>, <c>set -x</c>) would otherwise keep it in the log every reader of
/// the repository's builds sees, for as long as the history is kept. Each line of a secret or key file of at least
/// <see cref="MinLength"/> characters is masked wherever it appears (a shorter one would mask ordinary words); values that
/// are not text are left alone (a step printing binary is not a readable log line anyway). BuildKit does not do this;
/// it changes only what the log shows, never the build.</summary>
internal sealed class SecretMaskingBuildLog : IBuildLog
{
    public const int MinLength = 8;
    public const string Mask = "****";

    private readonly IBuildLog _inner;
    private readonly string[] _values;

    private SecretMaskingBuildLog(IBuildLog inner, string[] values)
    {
        _inner = inner;
        _values = values;
    }

    /// <summary><paramref name="log"/> itself when <paramref name="secrets"/> have nothing to mask.</summary>
    public static IBuildLog Over(IBuildLog log, BuildSecrets secrets)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var values = secrets.Values.Values.Concat(secrets.SshKeys.Values.SelectMany(k => k))
            .SelectMany(value =>
            {
                try
                {
                    return strict.GetString(value).Split('\n');
                }
                catch (DecoderFallbackException)
                {
                    return [];
                }
            })
            .Select(line => line.Trim())
            // A key file's -----BEGIN/END … PRIVATE KEY----- lines are the same in every key: only its body is secret.
            .Where(line => line.Length >= MinLength && !line.StartsWith("-----", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(line => line.Length)
            .ToArray();
        return values.Length == 0 ? log : new SecretMaskingBuildLog(log, values);
    }

    public void Line(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        _inner.Line(text);
    }
}
