using Wharf.Build.Execution;
using Wharf.Build.Images;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build.Steps;

/// <summary>The build's test (<see cref="BuildRequest.Test"/>, Docker Hub's <c>sut</c> service): the command in runc on the
/// finished image, as a shell-form RUN appended to the Dockerfile would run — the image's SHELL, Env, User and WorkingDir,
/// no build args, no network but loopback, no mounts, RUN's memory, process and time limits — on a root filesystem of its
/// own that is thrown away after, so the test leaves nothing in the image, the layers or the build cache. What it prints
/// goes to the build log; a non-zero exit fails the build.</summary>
internal static class TestStep
{
    public static async Task RunAsync(string command, ImageState image, Platform platform, BuildSession session, CancellationToken ct)
    {
        var shown = command.ReplaceLineEndings(" ");
        session.Log.Line($"[test] {shown}");
        if (!ForeignPlatforms.CanRun(platform, PlatformMatcher.Host, session.Options.BinfmtMiscDirectory))
        {
            throw new BuildFailedException(
                $"the test command {shown} cannot run: the image is for {platform}, and this machine ({PlatformMatcher.Host}) has no binfmt_misc handler to run its programs");
        }

        var config = image.Config.Config;
        var argv = (IReadOnlyList<string>)[.. MetadataSteps.ShellOf(config), command];
        var workingDirectory = config.WorkingDir is { Length: > 0 } w ? w : "/";
        await using var rootfs = session.CreateRootfs("test");
        var root = await rootfs.BeginStepAsync(image.Layers, RunStep.StandardMountPoints, ct);
        int exitCode;
        try
        {
            var user = UserResolver.Resolve(root, config.User);
            var spec = new RunSpec(argv, RunStep.Environment(config, new Dictionary<string, string>(), user, null), workingDirectory, user, HostNetwork: false, Mounts: []);
            var id = session.NextContainerId();
            var bundle = Directory.CreateDirectory(Path.Combine(session.Scratch, "bundles", id)).FullName;
            exitCode = await new RuncRunner(session.Options).RunAsync(id, root, spec, bundle, session.Log, ct);
        }
        catch (TimeoutException e)
        {
            throw new BuildFailedException($"the test command {shown}: {e.Message}");
        }
        catch (BuildFailedException e)
        {
            throw new BuildFailedException($"the test command {shown}: {e.Message}", e);
        }
        finally
        {
            // Whatever the test wrote, it never becomes a layer.
            await rootfs.DiscardStepAsync(CancellationToken.None);
        }

        if (exitCode != 0)
        {
            throw new BuildFailedException($"the test command {shown} exited with code {exitCode}");
        }

        session.Log.Line("[test] passed");
    }
}
