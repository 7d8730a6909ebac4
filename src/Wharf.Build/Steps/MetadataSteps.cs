using System.Globalization;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Images;

namespace Wharf.Build.Steps;

/// <summary>The instructions that change only the image's configuration (no layer): each returns the new state, with
/// its history entry. What docker does for each is the reference: ENTRYPOINT clears a CMD inherited from the base
/// image, shell forms run through the stage's SHELL, EXPOSE without a protocol means tcp, WORKDIR is relative to the
/// previous one.</summary>
internal static class MetadataSteps
{
    private static readonly string[] DefaultShell = ["/bin/sh", "-c"];

    public static IReadOnlyList<string> ShellOf(ContainerConfig config) => config.Shell ?? DefaultShell;

    /// <summary>The argv of a CMD, ENTRYPOINT or RUN command line: exec form as written, shell form through SHELL.</summary>
    public static IReadOnlyList<string> Argv(CommandLine command, ContainerConfig config) =>
        command.IsShellForm ? [.. ShellOf(config), command.Arguments[0]] : command.Arguments;

    /// <summary>Applies a metadata instruction; null when <paramref name="instruction"/> is not one.</summary>
    public static ImageState? TryApply(Instruction instruction, ImageState state, HistoryEntry history)
    {
        var config = state.Config.Config;
        return instruction switch
        {
            EnvInstruction env => Set(state, env.Variables.Aggregate(config, (c, v) => c.WithEnv(v.Key, v.Value)), history),
            LabelInstruction label => Set(state, config with { Labels = Merge(config.Labels, label.Labels.Select(l => KeyValuePair.Create(l.Key, l.Value))) }, history),
            CmdInstruction cmd => Set(state, config with { Cmd = Argv(cmd.Command, config) }, history) with { CmdSetInStage = true },
            EntrypointInstruction entrypoint => Set(state, config with
            {
                Entrypoint = Argv(entrypoint.Command, config),
                Cmd = state.CmdSetInStage ? config.Cmd : null,
            }, history),
            ExposeInstruction expose => Set(state, config with { ExposedPorts = AddKeys(config.ExposedPorts, expose.Ports.SelectMany(ExpandPort)) }, history),
            VolumeInstruction volume => Set(state, config with { Volumes = AddKeys(config.Volumes, volume.Paths) }, history),
            UserInstruction user => Set(state, config with { User = user.User }, history),
            StopSignalInstruction signal => Set(state, config with { StopSignal = signal.Signal }, history),
            ShellInstruction shell => Set(state, config with { Shell = shell.Shell }, history),
            OnbuildInstruction onbuild => Set(state, config with { OnBuild = [.. config.OnBuild ?? [], onbuild.Expression] }, history),
            HealthcheckInstruction healthcheck => Set(state, config with { Healthcheck = Healthcheck(healthcheck, config.Healthcheck) }, history),
            MaintainerInstruction maintainer => WithAuthor(state.With(history), maintainer.Maintainer),
            _ => null,
        };
    }

    /// <summary>WORKDIR's absolute path: relative to the previous working directory, cleaned.</summary>
    public static string WorkingDirectory(string path, ContainerConfig config)
    {
        var joined = path.StartsWith('/') ? path : $"{config.WorkingDir ?? "/"}/{path}";
        return Context.ContextPath.Clean(joined.StartsWith('/') ? joined : "/" + joined);
    }

    private static ImageState Set(ImageState state, ContainerConfig config, HistoryEntry history)
    {
        var next = state.With(history);
        return next with { Config = next.Config with { Config = config } };
    }

    private static ImageState WithAuthor(ImageState state, string author) => state with { Config = state.Config with { Author = author } };

    private static SortedDictionary<string, string> Merge(SortedDictionary<string, string>? existing, IEnumerable<KeyValuePair<string, string>> added)
    {
        var merged = new SortedDictionary<string, string>(existing ?? new SortedDictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static SortedDictionary<string, EmptyObject> AddKeys(SortedDictionary<string, EmptyObject>? existing, IEnumerable<string> keys)
    {
        var result = new SortedDictionary<string, EmptyObject>(existing ?? new SortedDictionary<string, EmptyObject>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var key in keys)
        {
            result[key] = new EmptyObject();
        }

        return result;
    }

    /// <summary>docker's port syntax: <c>80</c> is <c>80/tcp</c>, <c>8000-8002/udp</c> is three ports.</summary>
    private static IEnumerable<string> ExpandPort(string port)
    {
        var slash = port.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? port : port[..slash];
        var protocol = slash < 0 ? "tcp" : port[(slash + 1)..].ToLowerInvariant();
        var dash = number.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && int.TryParse(number[..dash], CultureInfo.InvariantCulture, out var first) && int.TryParse(number[(dash + 1)..], CultureInfo.InvariantCulture, out var last) && last >= first)
        {
            return Enumerable.Range(first, last - first + 1).Select(p => $"{p.ToString(CultureInfo.InvariantCulture)}/{protocol}");
        }

        return [$"{number}/{protocol}"];
    }

    /// <summary>A HEALTHCHECK's config. An option it leaves out keeps the inherited healthcheck's value, NONE too: the
    /// legacy builder commits each step through a container whose config is merged with the image's, and that merge
    /// fills every zero duration and retry count from the image.</summary>
    private static HealthcheckConfig Healthcheck(HealthcheckInstruction instruction, HealthcheckConfig? inherited) => new()
    {
        Test = instruction.Test,
        Interval = Or(Nanoseconds(instruction.Interval), inherited?.Interval),
        Timeout = Or(Nanoseconds(instruction.Timeout), inherited?.Timeout),
        StartPeriod = Or(Nanoseconds(instruction.StartPeriod), inherited?.StartPeriod),
        StartInterval = Or(Nanoseconds(instruction.StartInterval), inherited?.StartInterval),
        Retries = instruction.Retries is { } retries and not 0 ? retries : inherited?.Retries ?? 0,
    };

    private static long Or(long value, long? inherited) => value != 0 ? value : inherited ?? 0;

    private static long Nanoseconds(TimeSpan? duration) => duration is { } d ? d.Ticks * 100 : 0;
}
