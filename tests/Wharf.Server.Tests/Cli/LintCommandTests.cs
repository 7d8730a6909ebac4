using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf lint</c> run as a user runs it: advice one line each or as JSON, and an exit code a CI job can
/// gate on (0 no advice, 1 advice, 2 a Dockerfile it cannot read).</summary>
public sealed class LintCommandTests
{
    private const string Untidy = """
        FROM debian:12
        RUN apt-get update && apt-get install -y curl
        RUN rm -rf /var/lib/apt/lists/*
        """;

    private const string Tidy = """
        FROM debian:12@sha256:b4042f895d5d1f8df415caebe7c416f9dbcf0dc8867abb225955006de50b21f3
        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*
        USER nobody
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lint_prints_advice_as_text_or_JSON_and_exits_by_what_it_found()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-lint-").FullName;
        try
        {
            var untidy = Path.Combine(directory, "Dockerfile");
            var tidy = Path.Combine(directory, "tidy.Dockerfile");
            var silenced = Path.Combine(directory, "silenced.Dockerfile");
            var invalid = Path.Combine(directory, "invalid.Dockerfile");
            await File.WriteAllTextAsync(untidy, Untidy, Ct);
            await File.WriteAllTextAsync(tidy, Tidy, Ct);
            await File.WriteAllTextAsync(silenced, "# check=skip=FromMovingTag,PackageCacheLeft,UnpinnedPackages,CleanupInLaterLayer\n" + Untidy, Ct);
            await File.WriteAllTextAsync(invalid, "FROM scratch\nCOPY --form=build /a /b\n", Ct);

            var text = await WharfCli.RunAsync(["lint", untidy], ct: Ct);
            var json = await WharfCli.RunAsync(["lint", "--format", "json", "-f", untidy], ct: Ct);
            var clean = await WharfCli.RunAsync(["lint", tidy, silenced], ct: Ct);
            var refused = await WharfCli.RunAsync(["lint", invalid, tidy, Path.Combine(directory, "missing")], ct: Ct);

            Assert.True(text.ExitCode == 1, text.Describe());
            Assert.Equal(
                [
                    $"{untidy}:1 FromMovingTag: FROM debian:12 follows a tag its publisher moves: rebuilds start from a different base without the Dockerfile changing (fix: pin the digest too: FROM debian:12@sha256:<digest> (wharf inspect debian:12 shows it))",
                    $"{untidy}:2 PackageCacheLeft: `apt-get update` leaves apt package lists (/var/lib/apt/lists) in this layer (fix: end the same RUN with && rm -rf /var/lib/apt/lists/*, or use RUN --mount=type=cache,target=/var/lib/apt/lists)",
                    $"{untidy}:2 UnpinnedPackages: apt-get install of curl without a version: a rebuild can install different ones (fix: pin each version: name=version (apt-cache policy name shows the candidates))",
                    $"{untidy}:3 CleanupInLaterLayer: `rm -rf /var/lib/apt/lists/*` cannot make the image smaller: the apt package lists that line 2 (apt-get update) left stay in that earlier layer (fix: delete them in the step at line 2 that creates them)",
                ],
                text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Empty(text.StandardError);

            Assert.True(json.ExitCode == 1, json.Describe());
            using var document = JsonDocument.Parse(json.StandardOutput);
            var first = document.RootElement[0];
            Assert.Equal(4, document.RootElement.GetArrayLength());
            Assert.Equal("FromMovingTag", first.GetProperty("ruleId").GetString());
            Assert.Equal(untidy, first.GetProperty("file").GetString());
            Assert.Equal(1, first.GetProperty("line").GetInt32());
            Assert.StartsWith("pin the digest too", first.GetProperty("fix").GetString(), StringComparison.Ordinal);

            Assert.True(clean.ExitCode == 0, clean.Describe());
            Assert.Empty(clean.StandardOutput);

            Assert.True(refused.ExitCode == 2, refused.Describe());
            Assert.Empty(refused.StandardOutput);
            Assert.Equal(
                [$"wharf lint: {invalid}:2: COPY: unknown flag --form (did you mean --from?)", $"wharf lint: {Path.Combine(directory, "missing")}: no such file"],
                refused.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
