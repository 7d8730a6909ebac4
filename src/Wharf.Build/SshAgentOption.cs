using Wharf.Build.Native;

namespace Wharf.Build;

/// <summary>The values of <c>wharf build --ssh</c> (buildx's syntax): <c>default</c> or <c>ID</c> is the agent
/// <c>$SSH_AUTH_SOCK</c> names, <c>ID=SOCKET</c> an agent's socket by path. Key files (buildx also takes them) are
/// not: add them to an agent with <c>ssh-add</c>. Bad values are <see cref="ArgumentException"/>s naming them.</summary>
public static class SshAgentOption
{
    /// <summary>id → agent socket, for <see cref="BuildRequest.SshAgents"/>.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> values, string? sshAuthSock)
    {
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var id = equals < 0 ? value : value[..equals];
            if (id.Length == 0)
            {
                throw new ArgumentException($"--ssh {value}: the id is missing (default, ID or ID=SOCKET)");
            }

            var socket = equals < 0
                ? sshAuthSock is { Length: > 0 } fromEnvironment ? fromEnvironment : throw new ArgumentException($"--ssh {value}: SSH_AUTH_SOCK is not set; start ssh-agent or give ID=SOCKET")
                : value[(equals + 1)..];
            if (socket.Contains(',', StringComparison.Ordinal) || !IsSocket(socket))
            {
                throw new ArgumentException($"--ssh {value}: {socket} is not an ssh-agent socket (key files are not supported: add them to an agent with ssh-add)");
            }

            agents[id] = Path.GetFullPath(socket);
        }

        return agents;
    }

    private static bool IsSocket(string path)
    {
        try
        {
            return LinuxFiles.Lstat(path).Kind == UnixFileKind.Socket;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
