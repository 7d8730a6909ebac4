using System.Globalization;
using System.Text;

namespace Wharf.Build.Execution;

/// <summary>The private agents of one build's <see cref="BuildRequest.SshKeys"/>, one per id, with their sockets in
/// the build's scratch directory (a directory only root enters) — or, when that path would be longer than a socket's
/// 107 bytes, in a temporary directory of their own. Disposing kills every agent, whether the build succeeded, failed
/// or was cancelled.</summary>
internal sealed class SshKeyAgents : IAsyncDisposable
{
    /// <summary>sun_path holds 108 bytes, the terminating zero included.</summary>
    private const int MaxSocketPathBytes = 107;

    private readonly List<SshKeyAgent> _agents = [];
    private readonly Dictionary<string, string> _sockets = new(StringComparer.Ordinal);
    private string? _temporaryDirectory;

    /// <summary>Starts an agent for each id of <paramref name="keys"/>.</summary>
    public static async Task<SshKeyAgents> StartAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, string scratch, CancellationToken ct)
    {
        var started = new SshKeyAgents();
        if (keys.Count == 0)
        {
            return started;
        }

        try
        {
            var directory = started.SocketDirectory(scratch);
            foreach (var (id, files) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                var socket = Path.Combine(directory, $"agent-{started._agents.Count.ToString(CultureInfo.InvariantCulture)}.sock");
                var agent = await SshKeyAgent.StartAsync(id, files, socket, ct);
                started._agents.Add(agent);
                started._sockets[id] = socket;
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The agents a build forwards: <paramref name="agents"/>, with these agents' sockets under their ids.</summary>
    public IReadOnlyDictionary<string, string> Over(IReadOnlyDictionary<string, string> agents)
    {
        var all = new Dictionary<string, string>(agents, StringComparer.Ordinal);
        foreach (var (id, socket) in _sockets)
        {
            all[id] = socket;
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _agents.Clear();
        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory))
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }

    private string SocketDirectory(string scratch)
    {
        var directory = Path.Combine(scratch, "ssh-agents");
        if (Encoding.UTF8.GetByteCount(Path.Combine(directory, "agent-00.sock")) > MaxSocketPathBytes)
        {
            _temporaryDirectory = Directory.CreateTempSubdirectory("wharf-ssh-").FullName;
            return _temporaryDirectory;
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
