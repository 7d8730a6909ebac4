using System.Security.Cryptography;
using System.Text;
using Wharf.Build;
using Wharf.Build.Secrets;

namespace Wharf.Cli.Build;

/// <summary>What <c>wharf build --server</c> sends of a build's <c>--secret</c> and <c>--ssh ID=KEYFILE</c>: each file
/// read here (an agent on this machine cannot reach the server) and checked by <see cref="BuildSecretRules"/>, the rules
/// the server applies again, so a refusal is one line before anything is uploaded. <see cref="ToString"/> names the ids,
/// never a value; <see cref="Clear"/> wipes the values once they are sent.</summary>
internal sealed class ServerBuildSecrets
{
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<byte[]>> _sshKeys = new(StringComparer.Ordinal);

    private ServerBuildSecrets()
    {
    }

    /// <summary>id → the secret's bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Values => _values;

    /// <summary>id → each key file's content (LF line ends, a final newline), in the order given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<byte[]>> SshKeys => _sshKeys;

    public bool IsEmpty => Values.Count == 0 && SshKeys.Count == 0;

    /// <summary>The files of <paramref name="request"/>'s <see cref="BuildRequest.Secrets"/> and
    /// <see cref="BuildRequest.SshKeys"/>, with <paramref name="environmentSecrets"/> (<c>--secret id=ID,env=VAR</c>: the
    /// values themselves); <see cref="ArgumentException"/> naming the flag for anything the server would refuse.</summary>
    public static ServerBuildSecrets Read(BuildRequest request, IReadOnlyDictionary<string, string> environmentSecrets)
    {
        var tally = new BuildSecretTally();
        var read = new ServerBuildSecrets();
        try
        {
            foreach (var (id, file) in request.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                read.AddSecret(id, ReadAtMost(file, BuildSecretRules.MaxSecretBytes, $"--secret id={id},src={file}"), $"--secret id={id},src={file}", tally);
            }

            foreach (var (id, value) in environmentSecrets.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                read.AddSecret(id, Encoding.UTF8.GetBytes(value), $"--secret id={id},env", tally);
            }

            foreach (var (id, files) in request.SshKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                BuildSecretRules.Id(id, $"--ssh {id}");
                var keys = new List<byte[]>();
                read._sshKeys[id] = keys;
                foreach (var file in files)
                {
                    var what = $"--ssh {id}={file}";
                    var text = Encoding.UTF8.GetString(ReadAtMost(file, BuildSecretRules.MaxKeyFileBytes, what));
                    var key = Encoding.UTF8.GetBytes(BuildSecretRules.KeyFile(text, what));
                    tally.AddKeyFile(id, key.Length, what);
                    keys.Add(key);
                }
            }

            return read;
        }
        catch
        {
            read.Clear();
            throw;
        }
    }

    public void Clear()
    {
        foreach (var value in Values.Values.Concat(SshKeys.Values.SelectMany(k => k)))
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    public override string ToString() =>
        $"secrets [{string.Join(", ", Values.Keys)}], ssh [{string.Join(", ", SshKeys.Keys)}]";

    private void AddSecret(string id, byte[] value, string what, BuildSecretTally tally)
    {
        _values[id] = value;
        BuildSecretRules.Id(id, what);
        BuildSecretRules.CheckSecretSize(value.Length, what);
        tally.AddSecret(id, value.Length, what);
    }

    /// <summary>At most one byte more than <paramref name="max"/> of the file, which the rule then refuses: a file given
    /// by mistake (a disk image) is not read whole.</summary>
    private static byte[] ReadAtMost(string path, int max, string what)
    {
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[max + 1];
            var length = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var content = buffer[..length];
            CryptographicOperations.ZeroMemory(buffer);
            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{what}: cannot read it: {e.Message}");
        }
    }
}
