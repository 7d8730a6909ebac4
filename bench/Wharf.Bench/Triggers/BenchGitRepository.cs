using System.Diagnostics;

namespace Wharf.Bench.Triggers;

/// <summary>The trigger run's git repository on disk, changed with the git CLI.</summary>
internal sealed class BenchGitRepository(string directory)
{
    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    /// <summary>Writes n.txt (and the Dockerfile when given) and commits on main; returns the commit.</summary>
    public async Task<string> CommitAsync(string? dockerfile, string n, CancellationToken ct)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, ".git")))
        {
            await GitAsync(ct, "init", "-q", "-b", "main");
        }

        if (dockerfile is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(Directory, "Dockerfile"), dockerfile, ct);
        }

        await File.WriteAllTextAsync(Path.Combine(Directory, "n.txt"), n, ct);
        await GitAsync(ct, "add", "-A");
        await GitAsync(ct, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", $"n={n}");
        return await HeadAsync(ct);
    }

    public async Task<string> HeadAsync(CancellationToken ct) => (await GitAsync(ct, "rev-parse", "HEAD")).Trim();

    private async Task<string> GitAsync(CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
    }
}
