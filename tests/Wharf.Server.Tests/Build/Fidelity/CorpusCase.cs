using System.Text.Json;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>One folder of Corpus/: a Dockerfile, its context files, and optionally <c>fidelity.json</c>
/// (<see cref="CaseSettings"/>) and <c>setup.sh</c>, which makes what git cannot hold (symbolic and hard links,
/// special modes, empty directories, tar archives) in a copy of the folder before both builds.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed record CorpusCase(string Name, string Folder, CaseSettings Settings)
{
    private const string SettingsFile = "fidelity.json";
    private const string SetupScript = "setup.sh";
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Build", "Fidelity", "Corpus");

    /// <summary>Every case's name, for the theory's data.</summary>
    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(CorpusDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static CorpusCase Load(string name)
    {
        var folder = Path.Combine(CorpusDirectory, name);
        var settingsPath = Path.Combine(folder, SettingsFile);
        var settings = File.Exists(settingsPath) ? JsonSerializer.Deserialize<CaseSettings>(File.ReadAllText(settingsPath))! : new CaseSettings();
        return new CorpusCase(name, folder, settings);
    }

    /// <summary>Copies the case into <paramref name="context"/> with the same modes wherever it was checked out
    /// (files 644, directories 755: git keeps no more, and the build copies modes), then runs its setup.sh there
    /// with $BUSYBOX (the static busybox) and $FIDELITY_DEBS; the two control files are not part of the context.</summary>
    public async Task<string> PrepareAsync(string context, FidelityBases bases, CancellationToken ct)
    {
        CopyTree(Folder, context);
        File.Delete(Path.Combine(context, SettingsFile));
        var setup = Path.Combine(context, SetupScript);
        if (File.Exists(setup))
        {
            var environment = new Dictionary<string, string>
            {
                ["BUSYBOX"] = Infrastructure.BusyboxImage.RequireStaticBusybox(),
                ["FIDELITY_DEBS"] = bases.DebsDirectory,
            };
            var script = await File.ReadAllTextAsync(setup, ct);
            File.Delete(setup);
            (await ExternalTool.RunAsync("bash", ["-euo", "pipefail", "-c", script], environment, context, ct: ct)).EnsureSuccess();
        }

        return context;
    }

    /// <summary>The build args with the corpus's placeholders filled in.</summary>
    public Dictionary<string, string> BuildArgs(FidelityBases bases) => Settings.BuildArgs.ToDictionary(
        a => a.Key,
        a => a.Value.Replace("{registry}", bases.Registry, StringComparison.Ordinal).Replace("{busybox-digest}", bases.BusyboxDigest, StringComparison.Ordinal));

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        File.SetUnixFileMode(destination, DirectoryMode);
        foreach (var file in Directory.GetFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, FileMode);
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyTree(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }
}
