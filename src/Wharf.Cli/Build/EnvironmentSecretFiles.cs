using System.Text;
using Wharf.Oci;

namespace Wharf.Cli.Build;

/// <summary>The <c>--secret id=ID,env=VAR</c> values of a local build as the files the builder mounts (it takes secrets
/// as files): each of mode 0600 in a new directory of mode 0700 (mkdtemp), removed when the build ends.</summary>
internal sealed class EnvironmentSecretFiles : IDisposable
{
    private readonly string? _directory;

    private EnvironmentSecretFiles(string? directory, IReadOnlyDictionary<string, string> files)
    {
        _directory = directory;
        Files = files;
    }

    /// <summary>id → the file holding its value.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public static EnvironmentSecretFiles Write(IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return new EnvironmentSecretFiles(null, new Dictionary<string, string>());
        }

        var directory = Directory.CreateTempSubdirectory("wharf-secrets-").FullName;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var written = new EnvironmentSecretFiles(directory, files);
        try
        {
            var n = 0;
            foreach (var (id, value) in values)
            {
                // Not named after the id, which may hold a slash.
                var path = Path.Combine(directory, $"secret-{n++}");
                PrivateFile.Write(path, Encoding.UTF8.GetBytes(value));
                files[id] = path;
            }

            return written;
        }
        catch
        {
            written.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
