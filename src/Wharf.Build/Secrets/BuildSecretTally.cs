namespace Wharf.Build.Secrets;

/// <summary>Counts a server build's secrets and key files as they are read — from files by <c>wharf build --server</c>,
/// from a submission by the builds API — and refuses, as soon as it is passed, a limit of <see cref="BuildSecretRules"/>
/// on the whole: how many ids, how many key files per id, how many bytes in all. Each value is checked against its own
/// limit by the caller first.</summary>
public sealed class BuildSecretTally
{
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _keyFiles = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>Counts a secret of <paramref name="bytes"/> under <paramref name="id"/>, which must be new.</summary>
    public void AddSecret(string id, long bytes, string what)
    {
        if (!_secrets.Add(id))
        {
            throw new ArgumentException($"{what}: secret {id} is given twice");
        }

        Count(bytes);
    }

    /// <summary>Counts one more key file of <paramref name="bytes"/> under the ssh id <paramref name="id"/>.</summary>
    public void AddKeyFile(string id, long bytes, string what)
    {
        var files = _keyFiles.GetValueOrDefault(id) + 1;
        if (files > BuildSecretRules.MaxKeyFilesPerId)
        {
            throw new ArgumentException($"{what}: at most {BuildSecretRules.MaxKeyFilesPerId} key files under one ssh id");
        }

        _keyFiles[id] = files;
        Count(bytes);
    }

    private void Count(long bytes)
    {
        if (_secrets.Count + _keyFiles.Count > BuildSecretRules.MaxIds)
        {
            throw new ArgumentException($"at most {BuildSecretRules.MaxIds} secret and ssh ids in one build");
        }

        _bytes += bytes;
        if (_bytes > BuildSecretRules.MaxTotalBytes)
        {
            throw new ArgumentException($"a build's secrets and key files are at most {BuildSecretRules.MaxTotalBytes / 1024 / 1024} MiB together");
        }
    }
}
