using Wharf.Server.Options;

namespace Wharf.Server.Builds;

/// <summary>How the workers of one process run: the <c>Builds</c> options, the directory they unpack contexts into, and
/// the prefix of their worker ids (which name them in the queue and in the logs).</summary>
public sealed record BuildWorkerSettings(BuildsOptions Options, string Directory, string WorkerIdPrefix)
{
    /// <summary>The builder's state directory, <c>&lt;Directory&gt;/builder</c>.</summary>
    public string StateDirectory => Path.Combine(Directory, "builder");

    /// <summary>A prefix unique to this process: the machine, the process id and a random part (a process id comes back
    /// after a restart; its old claims must not look like the new process's own).</summary>
    public static string NewPrefix() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
