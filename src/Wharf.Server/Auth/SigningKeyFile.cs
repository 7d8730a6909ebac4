using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Auth;

/// <summary>The on-disk form of a signing key. Layout of the keys directory (mode 0700):
/// <code>
/// keys/key-000001.pem   retired, kept until its tokens have expired, then deleted
/// keys/key-000002.pem   the current key: the highest number
/// </code>
/// Each file (mode 0600) is an unencrypted PKCS#8 P-256 private key in PEM, preceded by RFC 7468 explanatory text
/// whose <c>created:</c> line says when the key became current (the previous key's retirement time).
/// A file is created with O_EXCL (<see cref="FileMode.CreateNew"/>), so two processes racing for the same number
/// cannot both win: the loser reads the winner's key instead.</summary>
internal static class SigningKeyFile
{
    private const string Prefix = "key-";
    private const string Suffix = ".pem";
    private const string CreatedLabel = "created: ";

    /// <summary>How long a reader waits for a key file that another process is still writing: 25 × 20 ms.</summary>
    private const int GraceAttempts = 25;
    private static readonly TimeSpan GracePause = TimeSpan.FromMilliseconds(20);

    public static string Name(int sequence) => $"{Prefix}{sequence.ToString("D6", CultureInfo.InvariantCulture)}{Suffix}";

    /// <summary>The sequence number in a key file's name; null for any other file.</summary>
    public static int? Sequence(string fileName) =>
        fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal)
        && int.TryParse(fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && n > 0
            ? n
            : null;

    private static byte[] Contents(ECDsa key, DateTimeOffset createdAt) => Encoding.ASCII.GetBytes(
        $"""
        Wharf token signing key (ES256, P-256). Private: anyone holding it can sign tokens for this registry.
        {CreatedLabel}{createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}
        {key.ExportPkcs8PrivateKeyPem()}

        """);

    /// <summary>Reads a key file; null when it is not (yet) a complete key, e.g. another process has just created it
    /// and not finished writing, or a crash left it empty.</summary>
    public static SigningKey? TryRead(string path, int sequence)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            // A public key or another curve is not a signing key of ours; ExportParameters(true) throws without a private key.
            if (key.KeySize != 256 || key.ExportParameters(includePrivateParameters: true).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                key.Dispose();
                return null;
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return null;
        }

        return new SigningKey(sequence, CreatedAt(text) ?? File.GetLastWriteTimeUtc(path), key);
    }

    /// <summary>A file that does not parse may be one another process has created and is writing this instant.</summary>
    public static SigningKey? ReadWithGrace(string path, int sequence)
    {
        // Counted tries rather than a deadline: a writer needs microseconds, and a test's manual clock never moves.
        for (var attempt = 0; ; attempt++)
        {
            if (TryRead(path, sequence) is { } key)
            {
                return key;
            }

            if (attempt == GraceAttempts || !File.Exists(path))
            {
                return null;
            }

            Thread.Sleep(GracePause);
        }
    }

    /// <summary>Writes a new key to <paramref name="path"/> unless that file exists (O_EXCL); false when it did.
    /// A write that fails after the create removes the file, so no half-written key of ours is left behind.</summary>
    public static bool TryCreate(string path, ECDsa key, DateTimeOffset createdAt)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream file;
        try
        {
            file = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        try
        {
            using (file)
            {
                file.Write(Contents(key, createdAt));
                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return true;
    }

    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

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
