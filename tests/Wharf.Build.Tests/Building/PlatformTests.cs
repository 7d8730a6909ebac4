using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Build.Tests.Building;

/// <summary>FROM --platform: a stage of another architecture gets that platform's manifest from an index and may copy
/// files (no RUN needed), a later stage COPY --from it runs natively, and a RUN in it fails in one line when no
/// binfmt_misc handler runs that architecture (none here, whatever this machine has).</summary>
public sealed class PlatformTests : IAsyncLifetime
{
    private static readonly Platform Foreign = new() { Os = "linux", Architecture = PlatformMatcher.Host.Architecture == "arm64" ? "amd64" : "arm64" };

    private readonly BuildWorkspace _workspace;
    private readonly string _layout;

    public PlatformTests()
    {
        // A binfmt_misc that is not there has no handlers, whatever this machine has registered.
        var noHandlers = Path.Combine(Path.GetTempPath(), $"wharf-no-binfmt-{Guid.NewGuid():N}");
        _workspace = new BuildWorkspace(adjust: o => o with { BinfmtMiscDirectory = noHandlers });
        _layout = Path.Combine(_workspace.Root, "layout");
    }

    public async ValueTask InitializeAsync()
    {
        // The host's image has busybox and a marker; the foreign one only a file (it is built without RUN).
        var host = await BuildIntoLayoutAsync("host", BuildWorkspace.BusyboxStage + "\nRUN echo host > /marker\n", null, new Dictionary<string, string>());
        var foreign = await BuildIntoLayoutAsync("foreign", "FROM scratch\nCOPY marker /marker\n", Foreign, new Dictionary<string, string> { ["marker"] = $"built for {Foreign}\n" });
        var index = new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciIndex,
            manifests = new[] { host.Manifest.Descriptor(PlatformMatcher.Host), foreign.Manifest.Descriptor(Foreign) },
        };
        await using var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse($"oci:{_layout}:multi"), CancellationToken.None);
        await destination.PutManifestAsync(new ManifestContent(JsonSerializer.SerializeToUtf8Bytes(index), MediaTypes.OciIndex), isRoot: true, CancellationToken.None);
        await destination.CommitAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _workspace.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_foreign_stage_gets_its_platforms_image_and_a_native_stage_copies_from_it()
    {
        var context = _workspace.Context("platforms", $"""
            FROM --platform={Foreign} oci:{_layout}:multi AS foreign
            COPY extra.txt /extra.txt

            FROM foreign AS still-foreign
            COPY extra.txt /again.txt

            FROM --platform=$BUILDPLATFORM oci:{_layout}:multi
            COPY --from=still-foreign /marker /foreign-marker
            COPY --from=foreign /extra.txt /extra.txt
            RUN cat /marker /foreign-marker > /seen
            """, new Dictionary<string, string> { ["extra.txt"] = "extra" });

        var (result, _) = await _workspace.BuildAsync(context);

        Assert.Equal($"host\nbuilt for {Foreign}\n", await RunStepTests.ReadFileAsync(result, "seen"));
        Assert.Equal("extra", await RunStepTests.ReadFileAsync(result, "extra.txt"));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(PlatformMatcher.Host.Architecture, tree.Config.Architecture);
    }

    [Fact]
    public async Task The_last_stage_for_another_platform_makes_an_image_for_that_platform()
    {
        var context = _workspace.Context("foreign-last", $"FROM --platform={Foreign} oci:{_layout}:multi\nCOPY extra.txt /extra.txt\n",
            new Dictionary<string, string> { ["extra.txt"] = "extra" });

        var (result, _) = await _workspace.BuildAsync(context);

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(Foreign.Architecture, tree.Config.Architecture);
        Assert.Equal($"built for {Foreign}\n", await RunStepTests.ReadFileAsync(result, "marker"));
    }

    [Theory]
    [InlineData("FROM --platform={0} oci:{1}:multi AS foreign\nRUN true\n", 2)]
    [InlineData("FROM --platform={0} oci:{1}:multi AS foreign\nFROM foreign\nCOPY --from=foreign /marker /m\nRUN true\n", 4)]
    public async Task A_run_in_a_foreign_stage_without_a_binfmt_handler_fails_naming_the_line(string dockerfile, int line)
    {
        var context = _workspace.Context("foreign-run", string.Format(System.Globalization.CultureInfo.InvariantCulture, dockerfile, Foreign, _layout));

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal($"Dockerfile:{line}: RUN: this stage is for {Foreign}, and this machine ({PlatformMatcher.Host}) has no binfmt_misc handler to run its programs (qemu-user-static registers them)",
            failure.Message);
    }

    [Fact]
    public async Task A_bad_platform_fails_naming_the_line()
    {
        var context = _workspace.Context("bad-platform", "ARG P=\nFROM --platform=$P scratch\nFROM --platform=linux scratch\n");

        var failure = await Assert.ThrowsAsync<Wharf.Build.Dockerfile.DockerfileException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:3: FROM: 'linux' is not a platform; write os/arch or os/arch/variant, e.g. linux/amd64", failure.Message);
    }

    private async Task<BuildResult> BuildIntoLayoutAsync(string name, string dockerfile, Platform? platform, Dictionary<string, string> files)
    {
        var context = _workspace.Context(name, dockerfile, files);
        var (built, _) = await _workspace.BuildAsync(context, r => r with { Platform = platform });
        await using var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse($"oci:{_layout}:{name}"), CancellationToken.None);
        await new ImageCopier().CopyAsync(built.Image, destination, new CopyOptions(), CancellationToken.None);
        return built;
    }
}
