using System.Diagnostics;
using System.Globalization;

namespace Wharf.Build;

/// <summary>The epoch of a reproducible build when none is given: the commit time of the context's git work tree
/// (what BuildKit's SOURCE_DATE_EPOCH convention and reproducible-builds.org suggest), else 0. Public because
/// <c>wharf build --server</c> resolves it here, on the submitter's machine, exactly as a local build would: the
/// uploaded context carries no commit time the server could trust, and a server never runs git in an uploaded
/// directory (<see cref="BuilderOptions.EpochFromContextGit"/>).</summary>
public static class SourceDateEpoch
{
    public static async Task<long> OfContextAsync(string contextDirectory, CancellationToken ct)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", contextDirectory, "log", "-1", "--format=%ct"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return 0;
            }

            var output = await git.StandardOutput.ReadToEndAsync(ct);
            await git.WaitForExitAsync(ct);
            return git.ExitCode == 0 && long.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0; // no git on this machine: not a work tree as far as the build can tell
        }
    }
}
