using Wharf.Build;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;
using Wharf.TestKit.Images;

namespace Wharf.Server.Tests.Build.Fidelity;

/// <summary>The fidelity corpus: each case under Corpus/ is built by the real <c>docker build</c> (the legacy builder,
/// <c>--network none</c>) and by Wharf's builder from the same context and the same base images; the two images'
/// file trees and configs must match (<see cref="ImageComparison"/>), and <c>docker run</c> of each (Wharf's loaded
/// from a docker archive Wharf wrote) must print the same.</summary>
[Collection(ContainerToolsDefinition.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FidelityTests(DockerEngine docker, FidelityBases bases) : IClassFixture<FidelityBases>
{
    public static TheoryData<string> Cases() => [.. CorpusCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Wharf_builds_what_docker_builds(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var corpusCase = CorpusCase.Load(name);
        var work = docker.NewDirectory($"fidelity-{name}");
        var context = await corpusCase.PrepareAsync(Path.Combine(work, "context"), bases, ct);
        var dockerTag = $"fidelity/{name}:docker";
        var wharfTag = $"fidelity/{name}:wharf";
        var log = new StringBuildLog();
        try
        {
            var dockerSide = DockerBuildAsync(corpusCase, context, dockerTag, Path.Combine(work, "docker.tar"), ct);
            var wharfSide = WharfBuildAsync(corpusCase, context, wharfTag, Path.Combine(work, "wharf.tar"), log, ct);
            var (dockerTree, wharfTree) = (await dockerSide, await wharfSide);

            var differences = ImageComparison.Compare(dockerTree, wharfTree);
            var dockerRun = await docker.DockerAsync(["run", "--rm", "--network", "none", dockerTag], ct);
            var wharfRun = await docker.DockerAsync(["run", "--rm", "--network", "none", wharfTag], ct);
            if (dockerRun.ExitCode != wharfRun.ExitCode || dockerRun.StandardOutput != wharfRun.StandardOutput)
            {
                differences.Add($"docker run printed differently:\n--- docker's image ---\n{dockerRun}\n--- Wharf's image ---\n{wharfRun}");
            }

            Assert.True(differences.Count == 0,
                $"{name}: Wharf's image differs from docker's in {differences.Count} ways:\n{string.Join('\n', differences.Take(60))}\n--- Wharf's build log ---\n{log}");
            Assert.True(dockerRun.ExitCode == 0 && dockerRun.StandardOutput.Length > 0, $"the case's CMD should print something and succeed:\n{dockerRun}");
        }
        finally
        {
            await docker.DockerAsync(["rmi", "-f", dockerTag, wharfTag, .. corpusCase.Settings.Parent is { } parent ? [parent.Tag] : Array.Empty<string>()], CancellationToken.None);
        }
    }

    /// <summary>docker build (legacy), then docker save, read back as Wharf reads any docker archive.</summary>
    private async Task<ImageTree> DockerBuildAsync(CorpusCase corpusCase, string context, string tag, string archive, CancellationToken ct)
    {
        if (corpusCase.Settings.Parent is { } parent)
        {
            (await docker.DockerAsync(["build", "--network", "none", "-t", parent.Tag, Path.Combine(context, parent.Context)], ct)).EnsureSuccess();
        }

        var arguments = new List<string> { "build", "--network", "none", "-t", tag };
        if (corpusCase.Settings.Target is { } target)
        {
            arguments.AddRange(["--target", target]);
        }

        foreach (var (key, value) in corpusCase.BuildArgs(bases))
        {
            arguments.AddRange(["--build-arg", $"{key}={value}"]);
        }

        (await docker.DockerAsync([.. arguments, context], ct)).EnsureSuccess();
        (await docker.DockerAsync(["save", "-o", archive, tag], ct)).EnsureSuccess();
        await using var source = await DockerArchiveSource.OpenAsync(ImageReference.Parse($"docker-archive:{archive}"), ct);
        return await ImageTree.ReadAsync(source);
    }

    /// <summary>Wharf's builder in this process, then its image written as a docker archive and loaded into the engine.</summary>
    private async Task<ImageTree> WharfBuildAsync(CorpusCase corpusCase, string context, string tag, string archive, StringBuildLog log, CancellationToken ct)
    {
        if (corpusCase.Settings.Parent is { } parent)
        {
            var built = await bases.Builder.BuildAsync(new BuildRequest { ContextDirectory = Path.Combine(context, parent.Context) }, log, ct);
            bases.BaseImages.AddBuilt(parent.Tag, built.Image);
        }

        var result = await bases.Builder.BuildAsync(new BuildRequest
        {
            ContextDirectory = context,
            Target = corpusCase.Settings.Target,
            BuildArgs = corpusCase.BuildArgs(bases),
        }, log, ct);
        var tree = await ImageTree.ReadAsync(result.Image);
        await using (var destination = await DockerArchiveDestination.OpenAsync(ImageReference.Parse($"docker-archive:{archive}:{tag}"), ct))
        {
            await new ImageCopier().CopyAsync(result.Image, destination, new CopyOptions(), ct);
        }

        (await docker.DockerAsync(["load", "-i", archive], ct)).EnsureSuccess();
        return tree;
    }
}
