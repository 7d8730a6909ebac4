using Wharf.Build.Cache;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Execution;
using Wharf.Build.Images;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>RUN: the command in runc on the image so far, with the stage's environment (ENV, then ARGs that ENV does
/// not shadow), user and working directory; what it changed becomes the step's layer. A non-zero exit fails the build
/// naming the step and the code.</summary>
internal static class RunStep
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<ImageState> ApplyAsync(
        RunInstruction run, ImageState state, IReadOnlyDictionary<string, string> args, IStageRootfs rootfs, BuildSession session,
        SourceFilesystems sources, CancellationToken ct)
    {
        var config = state.Config.Config;
        var workingDirectory = config.WorkingDir is { Length: > 0 } w ? w : "/";
        var mountPlan = await RunMounts.PlanAsync(run, session, sources, workingDirectory, ct);
        var argv = Argv(run, config);
        var hostNetwork = run.Network == RunNetwork.Host || (run.Network == RunNetwork.Default && session.Request.HostNetwork);
        var insecure = run.Security == RunSecurity.Insecure;
        if (hostNetwork)
        {
            RequireEntitlement(run, session, BuildEntitlements.NetworkHost);
        }

        if (insecure)
        {
            RequireEntitlement(run, session, BuildEntitlements.SecurityInsecure);
        }

        var history = new HistoryEntry { Created = session.Timestamp, CreatedBy = "RUN " + Describe(argv) };
        return await LayerStep.RunAsync(state, rootfs, session, [.. StandardMountPoints, .. mountPlan.MountPoints], async root =>
        {
            var user = UserResolver.Resolve(root, config.User);
            using var mounts = OpenedRunMounts.Open(mountPlan, session);
            var spec = new RunSpec(argv, Environment(config, args, user, mountPlan.SshAuthSocket), workingDirectory, user, hostNetwork, mounts.Mounts, insecure);
            var id = session.NextContainerId();
            var bundle = Directory.CreateDirectory(Path.Combine(session.Scratch, "bundles", id)).FullName;
            int exitCode;
            try
            {
                exitCode = await new RuncRunner(session.Options).RunAsync(id, root, spec, bundle, session.Log, ct);
            }
            catch (TimeoutException e)
            {
                throw session.Failure(run, e.Message);
            }

            if (exitCode != 0)
            {
                throw session.Failure(run, $"the command {Describe(argv)} exited with code {exitCode}");
            }
        }, history, CacheKey.For(state, history.CreatedBy, [
            $"network={hostNetwork}",
            // Only an insecure step says so: the keys of sandboxed steps stay as they were.
            .. insecure ? ["security=insecure"] : Array.Empty<string>(),
            .. mountPlan.CacheInputs,
            .. args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"),
        ]), ct);
    }

    /// <summary>Fails the step unless the build was granted <paramref name="entitlement"/>: BuildKit's "network.host is
    /// not allowed", with the flag that grants it, or, where the builder never grants it (a server's), saying so.</summary>
    private static void RequireEntitlement(RunInstruction run, BuildSession session, BuildEntitlements entitlement)
    {
        if (session.Request.Entitlements.HasFlag(entitlement))
        {
            return;
        }

        var name = BuildEntitlementNames.Of(entitlement).Single();
        throw session.Failure(run, session.Options.AllowedEntitlements.HasFlag(entitlement)
            ? $"{name} is not allowed: grant it with wharf build --allow {name}"
            : $"{name} is not allowed: this builder never grants it");
    }

    /// <summary>The mount points every step has (what runc mounts over the image).</summary>
    internal static readonly MountPoint[] StandardMountPoints =
    [
        new("/proc", false), new("/dev", false), new("/sys", false),
        new("/etc/hosts", true), new("/etc/resolv.conf", true), new("/etc/hostname", true),
    ];

    /// <summary>The argv: exec form as written; shell form through SHELL. A RUN whose command is a lone heredoc runs
    /// the heredoc's body as the script (as BuildKit does); otherwise heredocs stay here-documents of the shell command.</summary>
    private static IReadOnlyList<string> Argv(RunInstruction run, ContainerConfig config)
    {
        if (!run.Command.IsShellForm || run.Heredocs.Count == 0)
        {
            return MetadataSteps.Argv(run.Command, config);
        }

        var command = run.Command.Arguments[0];
        if (run.Heredocs.Count == 1 && command.Trim() is var text && text.StartsWith("<<", StringComparison.Ordinal) && !text.Contains(' ', StringComparison.Ordinal))
        {
            return [.. MetadataSteps.ShellOf(config), run.Heredocs[0].Content];
        }

        var script = string.Concat(run.Heredocs.Select(h => $"\n{h.Content}{(h.Content.EndsWith('\n') ? "" : "\n")}{h.Name}"));
        return [.. MetadataSteps.ShellOf(config), command + script];
    }

    /// <summary>A RUN's environment: the image's Env, then the build args it does not set, then PATH, HOME, SSH_AUTH_SOCK
    /// and HOSTNAME where it sets none.</summary>
    internal static List<string> Environment(ContainerConfig config, IReadOnlyDictionary<string, string> args, ResolvedUser user, string? sshAuthSocket)
    {
        var env = (config.Env ?? []).ToList();
        var names = config.EnvPairs().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in args.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (names.Add(name))
            {
                env.Add($"{name}={value}");
            }
        }

        if (names.Add("PATH"))
        {
            env.Add($"PATH={DefaultPath}");
        }

        if (names.Add("HOME"))
        {
            env.Add($"HOME={user.Home}");
        }

        if (sshAuthSocket is not null && names.Add("SSH_AUTH_SOCK"))
        {
            env.Add($"SSH_AUTH_SOCK={sshAuthSocket}");
        }

        if (names.Add("HOSTNAME"))
        {
            env.Add($"HOSTNAME={RuncConfig.Hostname}");
        }

        return env;
    }

    private static string Describe(IReadOnlyList<string> argv) => string.Join(' ', argv);
}
