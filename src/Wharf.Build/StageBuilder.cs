using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Execution;
using Wharf.Build.Images;
using Wharf.Build.Steps;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build;

/// <summary>Builds one stage: its base (an image, an earlier stage or scratch), then each instruction in order, each
/// one a step that returns the next <see cref="ImageState"/>. This is where every instruction is dispatched.</summary>
internal sealed class StageBuilder(BuildSession session, BaseImageResolver images, SourceFilesystems sources)
{
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public async Task<ImageState> BuildAsync(Stage stage, CancellationToken ct)
    {
        var (state, platform, triggers) = await FromAsync(stage, ct);
        session.StagePlatforms[stage.Index] = platform;
        var canRun = ForeignPlatforms.CanRun(platform, PlatformMatcher.Host, session.Options.BinfmtMiscDirectory);
        var withTriggers = triggers.Count == 0 ? stage : stage with { Instructions = [.. triggers, .. stage.Instructions] };
        var evaluated = session.Evaluator.Evaluate(withTriggers, state.Config.Config.EnvPairs());
        await using var rootfs = session.CreateRootfs(stage.Index);
        var count = evaluated.Instructions.Count;
        for (var i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var instruction = evaluated.Instructions[i];
            session.Log.Line($"[{stage.DisplayName} {i + 1}/{count}] {Describe(instruction)}");
            if (instruction is RunInstruction && !canRun)
            {
                throw session.Failure(instruction,
                    $"this stage is for {platform}, and this machine ({PlatformMatcher.Host}) has no binfmt_misc handler to run its programs (qemu-user-static registers them)");
            }

            var next = await ApplyAsync(instruction, state, evaluated.RunArgs[i], rootfs, ct);
            if (next.Layers.Count > state.Layers.Count)
            {
                session.LayerSteps[next.Layers[^1].DiffId] = (instruction.Line, Describe(instruction));
            }

            state = next;
        }

        return state;
    }

    /// <summary>The stage's starting state, its platform, and the base's ONBUILD triggers, which run before the
    /// stage's own instructions (as docker runs them, whether the base is an image or an earlier stage). The platform
    /// is BuildKit's: an earlier stage's for a stage built on it, the target's for scratch, else
    /// <c>--platform</c>'s or the target's; an image's manifest is picked for it from an index.</summary>
    private async Task<(ImageState State, Platform Platform, IReadOnlyList<Instruction> Triggers)> FromAsync(Stage stage, CancellationToken ct)
    {
        var name = session.Evaluator.ResolveBaseName(stage);
        var platform = session.Evaluator.ResolvePlatform(stage) ?? session.Platform;
        session.Log.Line($"[{stage.DisplayName}] FROM {(platform == session.Platform ? "" : $"--platform={platform} ")}{name}");
        var earlier = session.Dockerfile.FindStage(name) is { } named && named.Index < stage.Index ? named : null;
        session.CacheUse.BeginStage(stage.Index, earlier?.Index);
        ImageState state;
        if (earlier is not null)
        {
            state = session.Stages[earlier.Index];
            platform = session.StagePlatforms[earlier.Index];
        }
        else if (stage.From.IsScratch)
        {
            platform = session.Platform;
            state = ImageState.Scratch(new ImageConfig
            {
                Architecture = platform.Architecture,
                Os = platform.Os,
                Variant = platform.Variant,
            });
        }
        else
        {
            try
            {
                state = await images.ResolveAsync(name, platform, ct);
            }
            catch (Exception e) when (e is ImageNotFoundException or FormatException or InvalidDataException or Wharf.Oci.Errors.RegistryException
                or Wharf.Oci.Client.RegistryUnreachableException or HttpRequestException)
            {
                throw session.Failure(stage.From, $"base image {name}: {e.Message}");
            }
        }

        // Like docker: a stage starts with a PATH, ONBUILD triggers run here and are not inherited, and a CMD from
        // the base image is the one ENTRYPOINT clears.
        var config = state.Config.Config;
        var triggers = OnbuildTriggers.Parse(config.OnBuild, stage.From, session.Dockerfile.File);
        if (config.GetEnv("PATH") is null)
        {
            config = config with { Env = [.. config.Env ?? [], DefaultPath] };
        }

        return (state with { Config = state.Config with { Config = config with { OnBuild = null } }, CmdSetInStage = false }, platform, triggers);
    }

    private Task<ImageState> ApplyAsync(Instruction instruction, ImageState state, IReadOnlyDictionary<string, string> runArgs, Rootfs.IStageRootfs rootfs, CancellationToken ct)
    {
        switch (instruction)
        {
            case RunInstruction run:
                return RunStep.ApplyAsync(run, state, runArgs, rootfs, session, sources, ct);
            case CopyInstruction or AddInstruction:
                return CopyStep.ApplyAsync(instruction, state, rootfs, session, sources, ct);
            case WorkdirInstruction workdir:
                return WorkdirStep.ApplyAsync(workdir, state, rootfs, session, ct);
            case ArgInstruction:
                return Task.FromResult(state);
            default:
                var history = new HistoryEntry { Created = session.Timestamp, CreatedBy = Describe(instruction) };
                return Task.FromResult(MetadataSteps.TryApply(instruction, state, history)
                    ?? throw session.Failure(instruction, "this instruction is not supported"));
        }
    }

    /// <summary>How the log and the history name an instruction.</summary>
    private static string Describe(Instruction instruction) => instruction switch
    {
        RunInstruction run => $"RUN {Command(run.Command)}",
        CmdInstruction cmd => $"CMD {Command(cmd.Command)}",
        EntrypointInstruction entrypoint => $"ENTRYPOINT {Command(entrypoint.Command)}",
        EnvInstruction env => $"ENV {string.Join(' ', env.Variables.Select(v => $"{v.Key}={v.Value}"))}",
        LabelInstruction label => $"LABEL {string.Join(' ', label.Labels.Select(v => $"{v.Key}={v.Value}"))}",
        ExposeInstruction expose => $"EXPOSE {string.Join(' ', expose.Ports)}",
        VolumeInstruction volume => $"VOLUME [{string.Join(", ", volume.Paths.Select(p => $"\"{p}\""))}]",
        UserInstruction user => $"USER {user.User}",
        WorkdirInstruction workdir => $"WORKDIR {workdir.Path}",
        StopSignalInstruction signal => $"STOPSIGNAL {signal.Signal}",
        ShellInstruction shell => $"SHELL [{string.Join(", ", shell.Shell.Select(p => $"\"{p}\""))}]",
        OnbuildInstruction onbuild => $"ONBUILD {onbuild.Expression}",
        HealthcheckInstruction healthcheck => healthcheck.IsNone ? "HEALTHCHECK NONE" : $"HEALTHCHECK {string.Join(' ', healthcheck.Test)}",
        MaintainerInstruction maintainer => $"MAINTAINER {maintainer.Maintainer}",
        CopyInstruction copy => $"COPY {string.Join(' ', copy.Sources)} {copy.Destination}",
        AddInstruction add => $"ADD {string.Join(' ', add.Sources)} {add.Destination}",
        ArgInstruction arg => $"ARG {string.Join(' ', arg.Args.Select(a => a.Name))}",
        _ => instruction.Keyword,
    };

    private static string Command(CommandLine command) =>
        command.IsShellForm ? command.Arguments[0] : $"[{string.Join(", ", command.Arguments.Select(a => $"\"{a}\""))}]";
}
