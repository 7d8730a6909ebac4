using System.Globalization;
using System.Text;

namespace Wharf.Server.Auth;

/// <summary>The key files of Wharf before decision 008, read once to import them into the database. Layout of the
/// keys directory (<c>Auth:KeysDirectory</c>, default <c>&lt;data&gt;/keys</c>):
/// <code>
/// keys/key-000001.pem   retired, kept until its tokens have expired
/// keys/key-000002.pem   the current key: the highest number
/// </code>
/// Each file is an unencrypted PKCS#8 P-256 private key in PEM, preceded by RFC 7468 explanatory text whose
/// <c>created:</c> line says when the key became current (the previous key's retirement time).</summary>
internal static class SigningKeyFile
{
    private const string Prefix = "key-";
    private const string Suffix = ".pem";
    private const string CreatedLabel = "created: ";

    /// <summary>The readable keys in <paramref name="directory"/>, in sequence order; none when it does not exist.
    /// A file that is not a P-256 private key (a crash left it empty) is skipped, as the file store did.</summary>
    public static List<SigningKey> ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var keys = new List<SigningKey>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (Sequence(Path.GetFileName(path)) is { } sequence
                && File.ReadAllText(path, Encoding.ASCII) is var text
                && SigningKey.TryFromPem(sequence, CreatedAt(text) ?? File.GetLastWriteTimeUtc(path), text) is { } key)
            {
                keys.Add(key);
            }
        }

        return [.. keys.OrderBy(k => k.Sequence)];
    }

    /// <summary>The sequence number in a key file's name; null for any other file.</summary>
    private static int? Sequence(string fileName) =>
        fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal)
        && int.TryParse(fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && n > 0
            ? n
            : null;

    private static DateTimeOffset? CreatedAt(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(CreatedLabel, StringComparison.Ordinal)
                && DateTimeOffset.TryParse(line[CreatedLabel.Length..].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            {
                return created;
            }

            if (line.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                break;
            }
        }

        return null;
    }
}
