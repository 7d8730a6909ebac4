using System.Net;
using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Builds;

/// <summary><c>/api/v1/builds</c> on a real server: a build queued, run by the server's workers, pushed into the
/// registry under its tags; who may; and the refusals, each a ProblemDetails.</summary>
public sealed class BuildsApiTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>
{
    private BuildsServer Builds => fixture.Server;

    private AccountsApiServer Api => fixture.Server.Api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tar_gz_context_is_built_and_pushed_under_every_tag_as_the_submitter_asked()
    {
        var alice = await Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG hello from the build\nARG VERSION"), ("app/main.txt", "main"), ("README", "readme"));

        var id = await Builds.SubmitAsync(alice, context, $"repository={alice.Name}/app&tag=1&tag=stable&buildArg=VERSION=2.5&target=final");
        var build = await Builds.WaitAsync(alice, id);

        Assert.Equal("succeeded", build["state"]!.GetValue<string>());
        var digest = Digest.Parse(build["manifestDigest"]!.GetValue<string>());
        Assert.Equal(digest, await PushedImage.TagAsync(Api.Server.Services, $"{alice.Name}/app", "1"));
        Assert.Equal(digest, await PushedImage.TagAsync(Api.Server.Services, $"{alice.Name}/app", "stable"));
        var files = await PushedImage.FilesAsync(Api.Server.Services, $"{alice.Name}/app", "1");
        Assert.Equal("main", files["app/main.txt"]);
        Assert.Equal("readme", files["README"]);
        Assert.Equal(alice.Name, build["requestedBy"]!.GetValue<string>());
        Assert.Equal("upload", build["context"]!.GetValue<string>());
        Assert.Equal(Digest.Compute(context).ToString(), build["contextDigest"]!.GetValue<string>());
        Assert.Equal(1, build["attempts"]!.GetValue<int>());

        var log = await Builds.LogAsync(alice, id);
        Assert.Contains("hello from the build\n", log, StringComparison.Ordinal);
        Assert.Contains("VERSION=2.5\n", log, StringComparison.Ordinal);
        Assert.EndsWith($"pushed {digest} as {alice.Name}/app:1, stable\n", log, StringComparison.Ordinal);
        var request = Builds.Builder.Requests.Single(r => r.BuildArgs.GetValueOrDefault("VERSION") == "2.5");
        Assert.Equal("final", request.Target);
        Assert.False(Directory.Exists(request.ContextDirectory)); // the worker's scratch space is gone
    }

    [Fact]
    public async Task Building_needs_the_right_to_push_to_the_repository()
    {
        var alice = await Api.NewUserAsync("alice");
        var bob = await Api.NewUserAsync("bob");
        var readOnly = await Api.TokenAsync(alice.Name, TokenScope.Read);
        var context = ContextArchives.TarGz(("Dockerfile", "LOG x"));
        var query = $"repository={alice.Name}/app";

        await ExpectProblemAsync(bob, context, query, HttpStatusCode.Forbidden);
        await ExpectProblemAsync(readOnly, context, query, HttpStatusCode.Forbidden);
        await ExpectProblemAsync(null, context, query, HttpStatusCode.Unauthorized);
        var list = await Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app", alice, null);
        Assert.Empty(list.AsArray());

        // A grant of write is the right to push, so the right to build, with a password or a read-write token (CI's).
        await Api.Store.GrantAsync($"{alice.Name}/app", Grantee.Account(bob.Name), RepositoryAccess.Write, Ct);
        var ci = await Api.TokenAsync(bob.Name, TokenScope.ReadWrite);
        var id = await Builds.SubmitAsync(ci, context, query);
        Assert.Equal("succeeded", (await Builds.WaitAsync(bob, id))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_account_cannot_see_follow_or_cancel_a_build_it_may_not_push()
    {
        var alice = await Api.NewUserAsync("alice");
        var bob = await Api.NewUserAsync("bob");
        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG x")), $"repository={alice.Name}/app");

        await Api.ExpectAsync(HttpMethod.Get, $"/api/v1/builds/{id}", bob, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Get, $"/api/v1/builds/{id}/log", bob, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", bob, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Get, $"/api/v1/builds/{id}", null, HttpStatusCode.Unauthorized);
        await Api.ExpectAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app", bob, HttpStatusCode.Forbidden);
        await Api.ExpectAsync(HttpMethod.Get, $"/api/v1/builds/{id + 100000}", alice, HttpStatusCode.NotFound);
    }

    public static TheoryData<string, byte[], string> BadContexts => new()
    {
        { "not an archive", "this is not a tar"u8.ToArray(), "the build context is not a tar or tar.gz archive" },
        { "a broken gzip", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], "the build context is not a tar or tar.gz archive" },
        { "../ in a name", ContextArchives.Tar(ContextArchives.File("Dockerfile", "LOG x"), ContextArchives.File("../escaped", "x")), "entry '../escaped' points outside the context" },
        { "an absolute name", ContextArchives.Tar(ContextArchives.File("Dockerfile", "LOG x"), ContextArchives.File("/etc/cron.d/x", "x")), "entry '/etc/cron.d/x' has an absolute path" },
        {
            "a path through a link",
            ContextArchives.Tar(ContextArchives.File("Dockerfile", "LOG x"), ContextArchives.Symlink("etc", "/etc"), ContextArchives.File("etc/wharf-test", "x")),
            "entry 'etc/wharf-test' goes through the symbolic link 'etc'"
        },
        {
            "a hard link out",
            ContextArchives.Tar(ContextArchives.File("Dockerfile", "LOG x"), ContextArchives.HardLink("passwd", "../../etc/passwd")),
            "entry 'passwd' points outside the context"
        },
        {
            "a Dockerfile linking out",
            ContextArchives.Tar(ContextArchives.Symlink("Dockerfile", "/etc/passwd")),
            "the Dockerfile 'Dockerfile' is a symbolic link that leads outside the context"
        },
    };

    [Theory]
    [MemberData(nameof(BadContexts))]
    public async Task A_context_that_is_no_tar_or_reaches_outside_fails_the_build_with_a_clear_line(string why, byte[] context, string expected)
    {
        var alice = await Api.NewUserAsync("alice");

        var id = await Builds.SubmitAsync(alice, context, $"repository={alice.Name}/app&tag=bad");
        var build = await Builds.WaitAsync(alice, id);

        Assert.True("failed" == build["state"]!.GetValue<string>(), why);
        Assert.Contains(expected, build["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', build["error"]!.GetValue<string>());
        Assert.EndsWith($"error: {build["error"]!.GetValue<string>()}\n", await Builds.LogAsync(alice, id), StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/wharf-test"));
        Assert.Null(await PushedImage.TagAsync(Api.Server.Services, $"{alice.Name}/app", "bad"));
    }

    [Theory]
    [InlineData("LOG a\nFAIL exited with code 2", "Dockerfile:2: RUN exited with code 2")]
    [InlineData("BAD unknown flag --form", "Dockerfile:1: RUN: unknown flag --form")]
    public async Task A_failing_step_ends_the_build_failed_with_the_builders_one_line(string dockerfile, string error)
    {
        var alice = await Api.NewUserAsync("alice");

        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", dockerfile)), $"repository={alice.Name}/app");
        var build = await Builds.WaitAsync(alice, id);

        Assert.Equal("failed", build["state"]!.GetValue<string>());
        Assert.Equal(error, build["error"]!.GetValue<string>());
        Assert.Null(build["manifestDigest"]?.GetValue<string>());
        Assert.NotNull(build["finishedAt"]);
    }

    [Fact]
    public async Task A_followed_log_streams_lines_as_they_come_and_ends_with_the_build()
    {
        var alice = await Api.NewUserAsync("alice");
        var id = await Builds.SubmitAsync(
            alice, ContextArchives.TarGz(("Dockerfile", "LOG one\nSLEEP 700\nLOG two\nSLEEP 700\nLOG three")), $"repository={alice.Name}/app");

        var log = await Builds.LogAsync(alice, id, follow: true);

        var lines = log.Split('\n');
        Assert.True(Array.IndexOf(lines, "one") < Array.IndexOf(lines, "two") && Array.IndexOf(lines, "two") < Array.IndexOf(lines, "three"), log);
        Assert.StartsWith($"build {id} of {alice.Name}/app on worker ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("pushed sha256:", lines[^2], StringComparison.Ordinal);
        Assert.Equal("succeeded", (await Builds.GetAsync(alice, id))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repository_history_lists_its_builds_newest_first()
    {
        var alice = await Api.NewUserAsync("alice");
        var first = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG 1")), $"repository={alice.Name}/app");
        var second = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG 2")), $"repository={alice.Name}/app&tag=2");

        var list = await Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app", alice, null);
        var page = await Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app&before={second}&limit=1", alice, null);

        Assert.Equal([second, first], list.AsArray().Select(b => b!["id"]!.GetValue<long>()));
        Assert.Equal(["latest"], list[1]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal([first], page.AsArray().Select(b => b!["id"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData("repository=BAD/Name", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("tag=not%20a%20tag", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("dockerfile=../Dockerfile", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("dockerfile=/etc/passwd", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("target=-x", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("buildArg=NOVALUE", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("noCache=maybe", "application/gzip", HttpStatusCode.BadRequest)]
    [InlineData("", "text/html", HttpStatusCode.UnsupportedMediaType)]
    public async Task Bad_build_parameters_are_refused_before_the_context_is_read(string query, string contentType, HttpStatusCode status)
    {
        var alice = await Api.NewUserAsync("alice");
        var repository = query.StartsWith("repository=", StringComparison.Ordinal) ? "" : $"repository={alice.Name}/app&";

        var (actual, body, response) = await Builds.PostContextAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG x")), repository + query, contentType);

        using (response)
        {
            Assert.True(status == actual, $"{query}: {(int)actual} {body}");
            ApiAssert.Problem(response, body, status);
        }
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        var alice = await Api.NewUserAsync("alice");

        var (status, body, response) = await Builds.PostContextAsync(alice, [], $"repository={alice.Name}/app");

        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("the body is empty", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_builds_api()
    {
        var document = await Api.JsonAsync(HttpMethod.Get, "/api/v1/openapi.json", null, null);
        var paths = document["paths"]!.AsObject();

        Assert.NotNull(paths["/api/v1/builds"]!["post"]!["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(paths["/api/v1/builds"]!["post"]!["requestBody"]!["content"]!["application/gzip"]);
        Assert.NotNull(paths["/api/v1/builds"]!["get"]);
        Assert.NotNull(paths["/api/v1/builds/{id}"]!["get"]);
        Assert.NotNull(paths["/api/v1/builds/{id}/log"]!["get"]);
        Assert.NotNull(paths["/api/v1/builds/{id}/cancel"]!["post"]);
        Assert.NotNull(paths["/api/v1/builds/{id}/retry"]!["post"]!["responses"]!["202"]);
    }

    private async Task ExpectProblemAsync(ApiLogin? who, byte[] context, string query, HttpStatusCode status)
    {
        var (actual, body, response) = await Builds.PostContextAsync(who, context, query);
        using (response)
        {
            Assert.True(status == actual, $"{who?.Name ?? "anonymous"}: {(int)actual} {body}");
            ApiAssert.Problem(response, body, status);
        }
    }
}
