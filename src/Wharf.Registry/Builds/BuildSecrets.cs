using System.Security.Cryptography;
using Wharf.Registry.Secrets;

namespace Wharf.Registry.Builds;

/// <summary>The secrets (<c>RUN --mount=type=secret</c>: id → the content) and ssh key files (<c>RUN --mount=type=ssh</c>:
/// id → each file's content) a build is given, in the clear. They exist only in memory: on their way from a submission
/// into the database, sealed (<see cref="Seal"/>), and from the database to the builder of the worker that runs the build
/// (<see cref="Open"/>). <see cref="ToString"/> names the ids, never a value.</summary>
public sealed class BuildSecrets
{
    public BuildSecrets(IReadOnlyDictionary<string, byte[]> values, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> sshKeys)
    {
        Values = values;
        SshKeys = sshKeys;
    }

    public static BuildSecrets None { get; } = new(new Dictionary<string, byte[]>(), new Dictionary<string, IReadOnlyList<byte[]>>());

    /// <summary>id → the secret's bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Values { get; }

    /// <summary>id → the key files' contents, in the order given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<byte[]>> SshKeys { get; }

    public bool IsEmpty => Values.Count == 0 && SshKeys.Count == 0;

    /// <summary>Each value sealed with <paramref name="box"/> for its kind and id (the purpose is authenticated, so a row
    /// cannot be passed off as another id's, or a key file as a secret), as the rows of <c>build_secrets</c>.</summary>
    public IReadOnlyList<SealedBuildSecret> Seal(SecretBox box) =>
    [
        .. Values.Select(v => new SealedBuildSecret(SealedBuildSecret.Secret, v.Key, 0, box.Seal(v.Value, Purpose(SealedBuildSecret.Secret, v.Key)))),
        .. SshKeys.SelectMany(k => k.Value.Select((file, i) =>
            new SealedBuildSecret(SealedBuildSecret.Ssh, k.Key, i, box.Seal(file, Purpose(SealedBuildSecret.Ssh, k.Key))))),
    ];

    /// <summary>The secrets <see cref="Seal"/> made <paramref name="rows"/> of; <see cref="CryptographicException"/> when
    /// one was sealed under another key (or changed).</summary>
    public static BuildSecrets Open(IReadOnlyList<SealedBuildSecret> rows, SecretBox box)
    {
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Kind == SealedBuildSecret.Secret))
        {
            values[row.Id] = box.OpenBytes(row.Sealed, Purpose(row.Kind, row.Id));
        }

        foreach (var id in rows.Where(r => r.Kind == SealedBuildSecret.Ssh).GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            keys[id.Key] = [.. id.OrderBy(r => r.Position).Select(r => box.OpenBytes(r.Sealed, Purpose(r.Kind, r.Id)))];
        }

        return new BuildSecrets(values, keys);
    }

    /// <summary>Overwrites every value with zeros once it has been sealed or written where the builder reads it, so the
    /// clear bytes do not linger in this process's memory for as long as the garbage collector leaves them.</summary>
    public void Clear()
    {
        foreach (var value in Values.Values.Concat(SshKeys.Values.SelectMany(k => k)))
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    public override string ToString() =>
        $"secrets [{string.Join(", ", Values.Keys.Order(StringComparer.Ordinal))}], ssh [{string.Join(", ", SshKeys.Keys.Order(StringComparer.Ordinal))}]";

    private static string Purpose(string kind, string id) => $"build {kind} {id}";
}
