using System.Formats.Tar;

namespace Wharf.Build.Tests.Building;

/// <summary>Multi-stage builds: only the stages the target needs run, COPY --from reads an earlier stage, and a
/// stage can start FROM another.</summary>
public sealed class StageTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Copy_from_an_earlier_stage_takes_its_files_and_unneeded_stages_do_not_run()
    {
        var context = _workspace.Context("multi", BuildWorkspace.BusyboxStage.Replace("FROM scratch", "FROM scratch AS base", StringComparison.Ordinal) + """

            FROM base AS compile
            RUN mkdir /out && echo compiled > /out/app && chmod 755 /out/app

            FROM base AS unused
            RUN echo this-stage-must-not-run && exit 1

            FROM scratch
            COPY --from=compile /out/app /app
            COPY --from=0 /bin/busybox /bin/busybox
            """);

        var (result, log) = await _workspace.BuildAsync(context);

        Assert.DoesNotContain(log.Lines, l => l.Contains("this-stage-must-not-run", StringComparison.Ordinal) && !l.StartsWith('['));
        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["app", "bin", "bin/busybox"], tree.Files.Keys);
        Assert.Equal(TarEntryType.RegularFile, tree.Files["app"].Type);
        Assert.Equal(0b111_101_101, tree.Files["app"].Mode);
    }

    [Fact]
    public async Task Target_builds_the_named_stage()
    {
        var context = _workspace.Context("target", BuildWorkspace.BusyboxStage + """

            RUN echo one > /one
            FROM scratch AS other
            COPY busybox /other
            """);

        var (result, _) = await _workspace.BuildAsync(context, r => r with { Target = "other" });

        var tree = await ImageTree.ReadAsync(result.Image);
        Assert.Equal(["other"], tree.Files.Keys);
    }
}
