using System.Diagnostics;
using System.Net.Sockets;

namespace Wharf.Build.Execution;

/// <summary>A private <c>ssh-agent</c> holding the key files of one <c>--ssh ID=KEYFILE,...</c>, as buildx loads such
/// files into an agent of its own. It listens on a socket in a directory only root can enter and runs in the
/// foreground (<c>-D</c>), so disposing it kills it. Nothing may prompt: a key that needs a passphrase is refused in
/// one line before <c>ssh-add</c> sees it.</summary>
internal sealed class SshKeyAgent : IAsyncDisposable
{
    private const int MaxKeyBytes = Secrets.BuildSecretRules.MaxKeyFileBytes;

    private readonly Process _process;

    private SshKeyAgent(Process process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    /// <summary>The agent's socket, which the build uses as an agent given by socket.</summary>
    public string Socket { get; }

    /// <summary>Starts the agent on <paramref name="socket"/> (in a directory of the caller's that only root enters) and
    /// adds <paramref name="keyFiles"/>; <see cref="BuildFailedException"/> naming the id and file when one cannot be.</summary>
    public static async Task<SshKeyAgent> StartAsync(string id, IReadOnlyList<string> keyFiles, string socket, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ssh-agent", ["-D", "-a", socket])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BuildFailedException($"--ssh {id}: ssh-agent did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BuildFailedException($"--ssh {id}: ssh-agent is not installed (openssh-client): key files need it");
        }

        var agent = new SshKeyAgent(process, socket);
        try
        {
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // "SSH_AUTH_SOCK=…; export …", not needed
            await agent.WaitUntilListeningAsync(id, error, ct);
            foreach (var file in keyFiles)
            {
                await AddAsync(id, file, socket, ct);
            }

            return agent;
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        File.Delete(Socket);
    }

    private async Task WaitUntilListeningAsync(string id, Task<string> error, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_process.HasExited)
            {
                throw new BuildFailedException($"--ssh {id}: ssh-agent stopped: {LastLine(await error)}");
            }

            try
            {
                using var probe = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await probe.ConnectAsync(new UnixDomainSocketEndPoint(Socket), ct);
                return;
            }
            catch (SocketException) when (attempt < 200)
            {
                await Task.Delay(25, ct);
            }
            catch (SocketException e)
            {
                throw new BuildFailedException($"--ssh {id}: ssh-agent did not listen on {Socket}: {e.Message}");
            }
        }
    }

    /// <summary>Adds one key file: copied beside the socket (mode 600: ssh-add and ssh-keygen refuse a key others may
    /// read, which buildx does not ask of its files), checked to load with an empty passphrase, added, and the copy
    /// removed.</summary>
    private static async Task AddAsync(string id, string file, string socket, CancellationToken ct)
    {
        var copy = Path.Combine(Path.GetDirectoryName(socket)!, $"key-{Guid.NewGuid():N}");
        try
        {
            byte[] key;
            try
            {
                await using var source = File.OpenRead(file);
                key = new byte[Math.Min(source.Length, MaxKeyBytes + 1)];
                await source.ReadExactlyAsync(key, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BuildFailedException($"--ssh {id}={file}: cannot read it: {e.Message}");
            }

            if (key.Length > MaxKeyBytes)
            {
                throw new BuildFailedException($"--ssh {id}={file}: not a private key (over 100 KiB)");
            }

            await File.WriteAllBytesAsync(copy, key, ct);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // -P "" makes ssh-keygen try the empty passphrase only, never ask.
            var (loads, loadError) = await RunAsync("ssh-keygen", ["-y", "-P", "", "-f", copy], socket, ct);
            if (!loads)
            {
                throw new BuildFailedException(loadError.Contains("passphrase", StringComparison.OrdinalIgnoreCase)
                    ? $"--ssh {id}={file}: the key is protected by a passphrase, which a build cannot ask for: add it to an ssh-agent and give --ssh {id}=SOCKET"
                    : $"--ssh {id}={file}: not a private key ssh-keygen can read: {loadError.Replace(copy, file, StringComparison.Ordinal)}");
            }

            var (added, addError) = await RunAsync("ssh-add", ["-q", copy], socket, ct);
            if (!added)
            {
                throw new BuildFailedException($"--ssh {id}={file}: ssh-add failed: {addError.Replace(copy, file, StringComparison.Ordinal)}");
            }
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Runs an ssh tool with no input and no way to ask anything (no terminal input, askpass never); whether
    /// it succeeded and its last line of complaint.</summary>
    private static async Task<(bool Succeeded, string Error)> RunAsync(string tool, string[] arguments, string socket, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("SSH_ASKPASS");
        start.Environment["SSH_ASKPASS_REQUIRE"] = "never";
        start.Environment["SSH_AUTH_SOCK"] = socket;
        using var process = Process.Start(start) ?? throw new BuildFailedException($"{tool} did not start");
        process.StandardInput.Close();
        using var kill = ct.Register(() => process.Kill());
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        await output;
        return (process.ExitCode == 0, LastLine(await error));
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } lines ? lines[^1] : "no message";
}
