using System.Buffers.Binary;
using System.Text;

namespace Wharf.Build.Secrets;

/// <summary>Checks an SSH private key before it leaves for a build worker — a trigger's git credential, a key file of
/// <c>wharf build --server --ssh ID=KEYFILE</c>: one PEM block of a private key (OpenSSH's own format, or
/// PKCS#1/PKCS#8/SEC1 as older ssh-keygen wrote them) without a passphrase, since a worker runs ssh in batch mode with
/// nobody to type one. The key itself is not parsed further: ssh says what it thinks of it when it is first used.</summary>
public static class SshPrivateKeys
{
    private const string OpenSshMagic = "openssh-key-v1\0";

    /// <summary>The key with LF line ends and a final newline (OpenSSH refuses a key file without one);
    /// <see cref="ArgumentException"/> with a one-line reason that starts with <paramref name="what"/> (the field or flag
    /// the key came from) and never quotes the key.</summary>
    public static string Check(string key, string what, int maxCharacters)
    {
        var text = key.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0 || text.Length > maxCharacters || text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} must be a PEM private key of at most {maxCharacters} characters");
        }

        var lines = text.Split('\n');
        var (begin, end) = (lines[0].Trim(), lines[^1].Trim());
        if (lines.Length < 3 || !begin.StartsWith("-----BEGIN ", StringComparison.Ordinal) || !begin.EndsWith("PRIVATE KEY-----", StringComparison.Ordinal)
            || end != "-----END " + begin["-----BEGIN ".Length..])
        {
            throw new ArgumentException($"{what} must be a private key as ssh-keygen writes it: -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----");
        }

        var cipher = begin == "-----BEGIN OPENSSH PRIVATE KEY-----"
            ? OpenSshCipher(lines[1..^1]) ?? throw new ArgumentException($"{what} is not a valid OpenSSH private key (its body is not one)")
            : "none";
        if (cipher != "none" || begin.Contains("ENCRYPTED", StringComparison.Ordinal)
            || lines.Any(l => l.StartsWith("Proc-Type:", StringComparison.Ordinal) && l.Contains("ENCRYPTED", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{what} has a passphrase: a build worker cannot type it (ssh-keygen -p -N '' removes it from a copy)");
        }

        return text + "\n";
    }

    /// <summary>The cipher an OpenSSH-format key is encrypted with ("none": no passphrase); null when the body is not one.</summary>
    private static string? OpenSshCipher(string[] body)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(string.Concat(body.Select(l => l.Trim())));
        }
        catch (FormatException)
        {
            return null;
        }

        var magic = Encoding.ASCII.GetByteCount(OpenSshMagic);
        if (bytes.Length < magic + 4 || Encoding.ASCII.GetString(bytes, 0, magic) != OpenSshMagic)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(magic));
        return length <= (uint)(bytes.Length - magic - 4) ? Encoding.ASCII.GetString(bytes, magic + 4, (int)length) : null;
    }
}
