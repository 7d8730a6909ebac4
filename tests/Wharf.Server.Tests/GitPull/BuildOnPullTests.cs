using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Server.GitPull;
using Wharf.Server.Tests.Builds;

namespace Wharf.Server.Tests.GitPull;

/// <summary>Images built on pull (decision 025) on a real server from a real git host: a ref resolves to its commit,
/// the commit's image is built once and then served at once, by every spelling of the ref and by digest; a folder of a
/// repository is its own image; concurrent pulls join one build; a failure or a build still running is a registry error
/// naming the step and the log.</summary>
public sealed class BuildOnPullTests(GitPullServerFixture fixture) : IClassFixture<GitPullServerFixture>
{
    private GitPullServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewPath() => $"team{Guid.NewGuid():N}"[..14] + "/app";

    [Fact]
    public async Task A_pull_of_a_branch_builds_its_commit_once_and_every_spelling_of_it_is_served_the_same_image()
    {
        var path = NewPath();
        var repository = Server.Repository(path);
        var commit = await repository.CommitAsync("first", ("Dockerfile", "LOG built on pull\nARG SOURCE_COMMIT"), ("app.txt", "v1"));
        var name = $"git/git.test/{path}";

        var first = await Server.DigestAsync(null, name, "main");

        Assert.Equal(1, Server.BuildsOf(commit));
        Assert.Equal("v1", (await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, name, commit))["app.txt"]);
        Assert.Equal(first, await Server.DigestAsync(null, name, "main"));
        Assert.Equal(first, await Server.DigestAsync(null, name, "latest"));
        Assert.Equal(first, await Server.DigestAsync(null, name, commit));
        Assert.Equal(first, await Server.DigestAsync(null, name, commit[..7]));
        Assert.Equal(first, await Server.DigestAsync(null, name, first));
        using (var head = await Server.PullAsync(null, name, "main", HttpMethod.Head))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        Assert.Equal(1, Server.BuildsOf(commit));

        // A new commit on main is a new image; the old one stays pullable by its commit.
        var second = await repository.CommitAsync("second", ("app.txt", "v2"));
        var next = await Server.DigestAsync(null, name, "main");
        Assert.NotEqual(first, next);
        Assert.Equal("v2", (await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, name, second))["app.txt"]);
        Assert.Equal(first, await Server.DigestAsync(null, name, commit));
    }

    [Fact]
    public async Task A_folder_of_a_repository_is_built_as_its_own_context_whether_the_host_is_asked_or_has_a_rule()
    {
        var path = NewPath();
        var repository = Server.Repository(path);
        var commit = await repository.CommitAsync("two services",
            ("Dockerfile", "FAIL the root is not this image"),
            ("services/api/Dockerfile", "LOG api"), ("services/api/api.txt", "the api"),
            ("services/web/Dockerfile", "LOG web"), ("services/web/web.txt", "the web"));

        var asked = $"git/git.test/{path}/services/api";
        var ruled = $"git/gh.test/{path}/services/web";
        await Server.DigestAsync(null, asked, "main");
        await Server.DigestAsync(null, ruled, "main");

        var api = await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, asked, commit);
        Assert.Equal("the api", api["api.txt"]);
        Assert.DoesNotContain("web.txt", api.Keys);
        Assert.Equal("the web", (await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, ruled, commit))["web.txt"]);
    }

    [Fact]
    public async Task Eight_concurrent_pulls_of_one_ref_cause_one_build()
    {
        var path = NewPath();
        var commit = await Server.Repository(path).CommitAsync("slow", ("Dockerfile", "SLEEP 1500\nARG SOURCE_COMMIT"));
        var name = $"git/git.test/{path}";

        var digests = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Server.DigestAsync(null, name, "main")));

        Assert.Single(digests.Distinct());
        Assert.Equal(1, Server.BuildsOf(commit));
    }

    [Fact]
    public async Task A_failing_build_is_answered_with_its_failing_step_and_the_url_of_its_log_which_the_puller_may_read()
    {
        var path = NewPath();
        var alice = await Server.Builds.Api.NewUserAsync("alice");
        await Server.Repository(path).CommitAsync("broken", ("Dockerfile", "LOG compiling\nFAIL make: *** [all] Error 2"));
        var name = $"git/git.test/{path}";

        var (status, code, message) = await Server.ErrorAsync(alice, name, "main");

        Assert.Equal(404, status);
        Assert.Equal("MANIFEST_UNKNOWN", code);
        Assert.Contains($"building git.test/{path}:main (", message, StringComparison.Ordinal);
        Assert.Contains("failed: ", message, StringComparison.Ordinal);
        Assert.Contains("make: *** [all] Error 2", message, StringComparison.Ordinal);
        var log = new Uri(message[(message.IndexOf("log: ", StringComparison.Ordinal) + 5)..].Split(' ', ';')[0]);
        Assert.Equal(Server.Host, log.Authority);
        var id = long.Parse(log.AbsolutePath.Split('/')[^2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("compiling", await Server.Builds.LogAsync(alice, id), StringComparison.Ordinal);

        // The failure is the answer (no second build) until GitPull:RetryFailedAfter.
        Assert.Equal(message, (await Server.ErrorAsync(alice, name, "main")).Message);
    }

    [Fact]
    public async Task Refs_that_are_not_there_and_hosts_that_are_not_configured_are_registry_errors()
    {
        var path = NewPath();
        await Server.Repository(path).CommitAsync("first", ("Dockerfile", "LOG x"));

        var noRef = await Server.ErrorAsync(null, $"git/git.test/{path}", "no-such-branch");
        var noRepository = await Server.ErrorAsync(null, $"git/git.test/nobody/{Guid.NewGuid():N}", "main");
        // Not a configured host: not public either, so only an admin gets as far as being told.
        var admin = await Server.Builds.Api.NewUserAsync("admin", admin: true);
        var noHost = await Server.ErrorAsync(admin, $"git/elsewhere.test/{path}", "main");
        var anonymous = await Server.ErrorAsync(null, $"git/elsewhere.test/{path}", "main");
        var tooShort = await Server.ErrorAsync(null, "git/gh.test/onlyowner", "main");

        Assert.Equal((404, "MANIFEST_UNKNOWN"), (noRef.Status, noRef.Code));
        Assert.Contains("'no-such-branch' is no branch, tag or commit", noRef.Message, StringComparison.Ordinal);
        Assert.Equal((404, "NAME_UNKNOWN"), (noRepository.Status, noRepository.Code));
        Assert.Equal((404, "NAME_UNKNOWN"), (noHost.Status, noHost.Code));
        Assert.Contains("elsewhere.test is not a git host this registry builds from", noHost.Message, StringComparison.Ordinal);
        Assert.Equal((401, "UNAUTHORIZED"), (anonymous.Status, anonymous.Code));
        Assert.Equal((404, "NAME_UNKNOWN"), (tooShort.Status, tooShort.Code));
    }

    [Fact]
    public async Task A_short_commit_deep_in_the_history_is_found_and_built_and_one_that_is_nowhere_is_refused()
    {
        var path = NewPath();
        var repository = Server.Repository(path);
        var old = await repository.CommitAsync("first", ("Dockerfile", "LOG x"), ("app.txt", "old"));
        await repository.CommitAsync("second", ("app.txt", "new"));
        await repository.CommitAsync("third", ("app.txt", "newer"));
        var name = $"git/git.test/{path}";

        var byShort = await Server.DigestAsync(null, name, old[..9]);

        Assert.Equal("old", (await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, name, old))["app.txt"]);
        Assert.Equal(byShort, await Server.DigestAsync(null, name, old));
        var nowhere = await Server.ErrorAsync(null, name, "abcdef0123");
        Assert.Equal((404, "MANIFEST_UNKNOWN"), (nowhere.Status, nowhere.Code));
        Assert.Contains("'abcdef0123' is no branch, tag or commit", nowhere.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_branch_with_a_slash_is_spelled_with_two_underscores_and_a_tag_by_its_name()
    {
        var path = NewPath();
        var repository = Server.Repository(path);
        await repository.CommitAsync("first", ("Dockerfile", "LOG x"), ("which.txt", "main"));
        await repository.GitAsync("tag", "v1.0.0");
        await repository.GitAsync("checkout", "-q", "-b", "feature/login");
        var feature = await repository.CommitAsync("feature", ("which.txt", "feature"));
        var name = $"git/git.test/{path}";

        await Server.DigestAsync(null, name, "feature__login");
        await Server.DigestAsync(null, name, "v1.0.0");

        Assert.Equal("feature", (await PushedImage.FilesAsync(Server.Builds.Api.Server.Services, name, feature))["which.txt"]);
    }

    [Fact]
    public async Task An_image_nobody_pulled_for_the_idle_time_is_deleted_and_the_next_pull_builds_it_again()
    {
        var path = NewPath();
        var commit = await Server.Repository(path).CommitAsync("first", ("Dockerfile", "LOG x\nARG SOURCE_COMMIT"));
        var name = $"git/git.test/{path}";
        var digest = await Server.DigestAsync(null, name, "main");
        var expiry = Server.Builds.Api.Server.Services.GetRequiredService<GitPullExpiry>();

        Assert.Equal(0, await expiry.ExpireAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct)); // pulled just now: kept
        Assert.True(await expiry.ExpireAsync(DateTimeOffset.UtcNow.AddMinutes(1), Ct) >= 1);

        Assert.Null(await PushedImage.TagAsync(Server.Builds.Api.Server.Services, name, commit));
        Assert.Equal(digest, await Server.DigestAsync(null, name, "main")); // reproducible: the same image again
        Assert.Equal(2, Server.BuildsOf(commit));
    }
}
