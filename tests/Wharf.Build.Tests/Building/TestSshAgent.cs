using System.Diagnostics;
using Tool = Wharf.TestKit.ExternalTool;

namespace Wharf.Build.Tests.Building;

/// <summary>A real <c>ssh-agent</c> for the ssh mount tests (openssh-client), holding one new ed25519 key, on a socket
/// under the test's directory; stopped by its process id on dispose. <see cref="Listing"/> is what <c>ssh-add -l</c>
/// prints for it, which a step that reaches the agent prints too.</summary>
internal sealed class TestSshAgent : IDisposable
{
    private readonly Process _process;

    private TestSshAgent(Process process, string socket, string listing)
    {
        _process = process;
        Socket = socket;
        Listing = listing;
    }

    public string Socket { get; }

    public string Listing { get; }

    public static async Task<TestSshAgent> StartAsync(string directory)
    {
        var socket = Path.Combine(directory, "agent.sock");
        var process = Process.Start(new ProcessStartInfo(Tool.Require("ssh-agent"), ["-D", "-a", socket]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("ssh-agent did not start");
        try
        {
            for (var attempt = 0; !File.Exists(socket) && attempt < 100; attempt++)
            {
                await Task.Delay(50);
            }

            var key = Path.Combine(directory, "id_ed25519");
            (await Tool.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "wharf-test-key", "-f", key])).EnsureSuccess();
            var environment = new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = socket };
            (await Tool.RunAsync("ssh-add", [key], environment)).EnsureSuccess();
            var listing = (await Tool.RunAsync("ssh-add", ["-l"], environment)).EnsureSuccess().StandardOutput;
            return new TestSshAgent(process, socket, listing);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Copies the host's ssh-add and the libraries it loads into <paramref name="directory"/>, laid out as
    /// a root filesystem, so a busybox image can run it.</summary>
    public static Task CopySshAddAsync(string directory) => Wharf.TestKit.Images.HostExecutable.CopyWithLibrariesAsync("ssh-add", directory);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
