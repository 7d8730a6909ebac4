using Wharf.Build.Cache;
using Wharf.Build.Context;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>Resolves a RUN's <c>--mount</c> flags before the step: a cache directory kept by the builder between
/// builds (by id, default the target; with <c>from=</c> first filled from a stage or image), a tmpfs, a bind of a
/// context path or of a stage's or image's path (<c>from=</c>; <c>rw</c> writes to a copy that is thrown away), a
/// secret file, or an ssh agent the build was given. The build cache learns each flag's text and the content each bind shows or each cache is filled
/// from. None of them reaches the layer: their mount points are created outside the step's changes
/// (<see cref="MountPoint"/>).</summary>
internal static class RunMounts
{
    public static async Task<RunMountPlan> PlanAsync(
        RunInstruction run, BuildSession session, SourceFilesystems sources, string workingDirectory, CancellationToken ct)
    {
        var planned = new List<PlannedMount>();
        var cacheInputs = new List<string>();
        var sshTargets = new List<string>();
        foreach (var mount in run.Mounts)
        {
            cacheInputs.Add(mount.Spec);
            var target = mount.Target is { } t ? Absolute(t, workingDirectory) : null;
            if (target == "/")
            {
                throw session.Failure(run, $"invalid mount target \"{mount.Target}\"");
            }

            switch (mount.Type)
            {
                case RunMountType.Cache:
                    target ??= Missing(run, session, "a cache mount needs a target");
                    if (mount.From is null)
                    {
                        planned.Add(new PlannedMount(mount, target, null, false, null));
                        break;
                    }

                    var seed = await SourceInAsync(run, mount, session, sources, ct);
                    if (!Directory.Exists(seed.Path))
                    {
                        throw session.Failure(run, $"a cache mount's source must be a directory: {mount.Source ?? "/"} in {mount.From}");
                    }

                    cacheInputs.Add(seed.Identity);
                    planned.Add(new PlannedMount(mount, target, seed.Path, false, seed.Identity));
                    break;
                case RunMountType.Tmpfs:
                    target ??= Missing(run, session, "a tmpfs mount needs a target");
                    planned.Add(new PlannedMount(mount, target, null, false, null));
                    break;
                case RunMountType.Bind:
                    target ??= Missing(run, session, "a bind mount needs a target");
                    if (mount.From is null)
                    {
                        var (path, identity, filter) = ContextSource(run, mount, session);
                        cacheInputs.Add(identity);
                        planned.Add(new PlannedMount(mount, target, path, File.Exists(path), null, filter));
                        break;
                    }

                    var bound = await SourceInAsync(run, mount, session, sources, ct);
                    cacheInputs.Add(bound.Identity);
                    planned.Add(new PlannedMount(mount, target, bound.Path, File.Exists(bound.Path), bound.Identity));
                    break;
                case RunMountType.Secret:
                    var id = mount.Id ?? (mount.Target is { } named ? Path.GetFileName(named) : null)
                        ?? throw session.Failure(run, "a secret mount needs an id or a target");
                    if (!session.Request.Secrets.TryGetValue(id, out var file))
                    {
                        if (mount.Required)
                        {
                            throw session.Failure(run, $"secret {id} is required but was not given (--secret id={id},src=FILE)");
                        }

                        continue;
                    }

                    planned.Add(new PlannedMount(mount, target ?? $"/run/secrets/{id}", Path.GetFullPath(file), true, null));
                    break;
                case RunMountType.Ssh:
                    if (mount.Source is not null)
                    {
                        throw session.Failure(run, "ssh does not support source");
                    }

                    var socketTarget = target ?? $"/run/buildkit/ssh_agent.{sshTargets.Count}";
                    sshTargets.Add(socketTarget);
                    var agentId = mount.Id ?? "default";
                    if (!session.Request.SshAgents.TryGetValue(agentId, out var agent))
                    {
                        // Optional unless required, as BuildKit's: the step runs without the socket.
                        if (mount.Required)
                        {
                            throw session.Failure(run, $"ssh agent {agentId} is required but was not given (wharf build --ssh {agentId})");
                        }

                        continue;
                    }

                    planned.Add(new PlannedMount(mount, socketTarget, agent, true, null));
                    break;
                default:
                    throw session.Failure(run, $"--mount=type={mount.Type.ToString().ToLowerInvariant()} is not supported");
            }
        }

        return new RunMountPlan(planned, [.. planned.Select(p => new MountPoint(p.Target, p.IsFile))], cacheInputs, sshTargets.FirstOrDefault());
    }

    /// <summary>The host path of a bind's <c>source</c> (default the root) in the build context as BuildKit's context
    /// holds it (<c>.dockerignore</c> applied: an excluded source is not there, a directory is shown through a
    /// <see cref="FilteredContext"/> when something below it is excluded), and the content hash of what it shows.</summary>
    private static (string Path, string Identity, FilteredContext? Filter) ContextSource(RunInstruction run, RunMount mount, BuildSession session)
    {
        var relative = ContextPath.Clean("/" + (mount.Source ?? ".")).TrimStart('/');
        var path = RootPath.Resolve(session.ContextDirectory, relative);
        // What the source is once links inside the context are followed is what .dockerignore is asked about.
        var resolved = Path.GetRelativePath(session.ContextDirectory, path).Replace('\\', '/');
        resolved = resolved == "." ? "" : resolved;
        var isDirectory = Directory.Exists(path);
        if (!Path.Exists(path))
        {
            throw session.Failure(run, $"the bind mount's source {mount.Source ?? "."} is not in the build context");
        }

        if (resolved.Length > 0 && session.Ignore.IsExcluded(resolved) && !(isDirectory && session.Ignore.MayIncludeBelow(resolved)))
        {
            throw session.Failure(run, $"the bind mount's source {mount.Source ?? "."} is excluded by .dockerignore");
        }

        // What the step reads through the bind is an input like a COPY's sources: a changed file reruns it; an excluded
        // one is neither shown nor hashed.
        var filter = isDirectory ? FilteredContext.For(path, resolved, session.Ignore) : null;
        var hash = SourceHasher.Hash([new CopySource(path, resolved, isDirectory)], path => filter?.Hides(path) == true, session.Epoch);
        return (path, $"bind {relative}={hash}", filter);
    }

    /// <summary>The host path of a mount's <c>source</c> (default the root) in its <c>from</c>, a stage or an image, and
    /// the identity of what is there: the layers of the stage or image with the path.</summary>
    private static async Task<(string Path, string Identity)> SourceInAsync(
        RunInstruction run, RunMount mount, BuildSession session, SourceFilesystems sources, CancellationToken ct)
    {
        var relative = ContextPath.Clean("/" + (mount.Source ?? ".")).TrimStart('/');
        var filesystem = await sources.OpenWithIdentityAsync(mount.From!, run, ct);
        var inFilesystem = RootPath.Resolve(filesystem.Root, relative);
        return Path.Exists(inFilesystem)
            ? (inFilesystem, $"{filesystem.Identity}:/{relative}")
            : throw session.Failure(run, $"the mount's source /{relative} is not in {mount.From}");
    }

    private static string Missing(RunInstruction run, BuildSession session, string message) => throw session.Failure(run, message);

    private static string Absolute(string target, string workingDirectory) =>
        ContextPath.Clean(target.StartsWith('/') ? target : $"{workingDirectory}/{target}");
}
