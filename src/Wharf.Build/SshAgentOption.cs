using Wharf.Build.Native;

namespace Wharf.Build;

/// <summary>The values of <c>wharf build --ssh</c>, as buildx reads them (util/buildflags/ssh.go, then BuildKit's
/// sshprovider): <c>default</c> or <c>ID</c> is the agent <c>$SSH_AUTH_SOCK</c> names; <c>ID=PATH[,PATH...]</c> is
/// either one agent's socket or private key files, told apart as BuildKit tells them: a path that is a socket (after
/// following links) is an agent, anything else a key file, which the build loads into an agent of its own
/// (<c>Execution/SshKeyAgent</c>). One socket per id, and never a socket beside key files. A later value for an id
/// replaces an earlier one, as buildx's. Bad values are <see cref="ArgumentException"/>s naming them.</summary>
public static class SshAgentOption
{
    public static SshForwards Parse(IEnumerable<string> values, string? sshAuthSock)
    {
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var id = equals < 0 ? value : value[..equals];
            if (id.Length == 0)
            {
                throw new ArgumentException($"--ssh {value}: the id is missing (default, ID, ID=SOCKET or ID=KEYFILE[,KEYFILE...])");
            }

            var paths = equals < 0 || equals == value.Length - 1 ? [] : value[(equals + 1)..].Split(',');
            agents.Remove(id);
            keys.Remove(id);
            if (paths.Length == 0)
            {
                agents[id] = sshAuthSock is { Length: > 0 } fromEnvironment
                    ? Path.GetFullPath(fromEnvironment)
                    : throw new ArgumentException($"--ssh {value}: SSH_AUTH_SOCK is not set; start ssh-agent, or give ID=SOCKET or ID=KEYFILE");
                continue;
            }

            var sockets = paths.Where(IsSocket).ToList();
            if (sockets.Count > 1)
            {
                throw new ArgumentException($"--ssh {value}: only one agent socket is allowed per id");
            }

            if (sockets.Count == 1 && paths.Length > 1)
            {
                throw new ArgumentException($"--ssh {value}: an agent socket cannot be given with key files");
            }

            if (sockets.Count == 1)
            {
                agents[id] = Path.GetFullPath(sockets[0]);
                continue;
            }

            keys[id] = [.. paths.Select(p => File.Exists(p) ? Path.GetFullPath(p) : throw new ArgumentException($"--ssh {value}: {p} is neither an ssh-agent socket nor a key file"))];
        }

        return new SshForwards(agents, keys);
    }

    /// <summary>Whether <paramref name="path"/> is a socket once links are followed (Go's os.Stat, which buildx uses).</summary>
    private static bool IsSocket(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            return LinuxFiles.Lstat(target).Kind == UnixFileKind.Socket;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
