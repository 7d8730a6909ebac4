namespace Wharf.Build.Execution;

/// <summary>One process to run in a step's root filesystem: argv, environment, working directory, user, whether it
/// gets the host's network (RUN --network=default) or only its own loopback, and the extra mounts
/// (RUN --mount) on top of the standard ones, and whether it runs unconfined (RUN --security=insecure,
/// <see cref="InsecureRunConfig"/>).</summary>
internal sealed record RunSpec(
    IReadOnlyList<string> Args,
    IReadOnlyList<string> Env,
    string WorkingDirectory,
    ResolvedUser User,
    bool HostNetwork,
    IReadOnlyList<RuntimeMount> Mounts,
    bool Insecure = false);
