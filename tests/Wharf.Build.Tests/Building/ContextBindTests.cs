namespace Wharf.Build.Tests.Building;

/// <summary>RUN --mount=type=bind of the build context shows the context as BuildKit's holds it: without what
/// <c>.dockerignore</c> excludes (exceptions re-including files), and an excluded file's change does not rerun the
/// step while an included one's does.</summary>
public sealed class ContextBindTests : IDisposable
{
    private const string Dockerignore = "*.txt\n!keep.txt\nlogs\n!logs/keep.log\n";

    private static readonly Dictionary<string, string> Files = new()
    {
        [".dockerignore"] = Dockerignore,
        ["keep.txt"] = "kept",
        ["secret.txt"] = "secret",
        ["logs/a.log"] = "a",
        ["logs/keep.log"] = "kept log",
        ["src/main.c"] = "int main;",
    };

    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bind_of_the_context_shows_neither_excluded_files_nor_what_an_exception_leaves_out(bool overlay)
    {
        using var workspace = new BuildWorkspace(useOverlay: overlay);
        var context = workspace.Context("context-bind", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=bind,target=/ctx find /ctx | sort > /listing && cat /ctx/keep.txt /ctx/logs/keep.log > /kept
            RUN --mount=type=bind,source=logs,target=/logs find /logs | sort > /logs-listing
            RUN --mount=type=bind,target=/ctx,rw rm /ctx/keep.txt && echo scribbled > /ctx/new.txt && find /ctx | sort > /rw-listing
            """, Files);

        var (result, _) = await workspace.BuildAsync(context);

        Assert.Equal(
            "/ctx\n/ctx/.dockerignore\n/ctx/Dockerfile\n/ctx/busybox\n/ctx/keep.txt\n/ctx/logs\n/ctx/logs/keep.log\n/ctx/src\n/ctx/src/main.c\n",
            await RunStepTests.ReadFileAsync(result, "listing"));
        Assert.Equal("keptkept log", await RunStepTests.ReadFileAsync(result, "kept"));
        Assert.Equal("/logs\n/logs/keep.log\n", await RunStepTests.ReadFileAsync(result, "logs-listing"));
        Assert.Contains("/ctx/new.txt\n", await RunStepTests.ReadFileAsync(result, "rw-listing"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(context, "keep.txt")));
        Assert.False(File.Exists(Path.Combine(context, "new.txt")));
    }

    [Fact]
    public async Task An_excluded_file_is_not_an_input_of_the_step_and_an_included_one_is()
    {
        var context = _workspace.Context("context-bind-cache", BuildWorkspace.BusyboxStage + """

            RUN --mount=type=bind,target=/ctx echo ran-bind && cat /ctx/keep.txt > /kept
            """, Files);
        await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "secret.txt"), "changed secret");
        File.WriteAllText(Path.Combine(context, "logs", "a.log"), "changed log");
        var (_, excludedChanged) = await _workspace.BuildAsync(context);
        File.WriteAllText(Path.Combine(context, "logs", "keep.log"), "changed kept log");

        var (_, includedChanged) = await _workspace.BuildAsync(context);

        Assert.DoesNotContain("ran-bind", excludedChanged.Lines);
        Assert.Contains("ran-bind", includedChanged.Lines);
    }

    [Fact]
    public async Task A_bind_of_an_excluded_file_fails_naming_the_line()
    {
        var context = _workspace.Context("context-bind-excluded", BuildWorkspace.BusyboxStage + "\nRUN --mount=type=bind,source=secret.txt,target=/s cat /s\n", Files);

        var failure = await Assert.ThrowsAsync<BuildFailedException>(() => _workspace.BuildAsync(context));

        Assert.Equal("Dockerfile:4: RUN: the bind mount's source secret.txt is excluded by .dockerignore", failure.Message);
    }
}
