using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.GitPull;

/// <summary>What bounds a build on pull: the wait (a build still running is answered with its step and log, and the
/// client's next pull gets the image), each caller's quota, who may pull a private host's images, and that nobody but
/// the registry writes the <c>git/</c> namespace.</summary>
public sealed class BuildOnPullLimitsTests : IAsyncLifetime
{
    private GitPullServer? _server;

    private GitPullServer Server => _server!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await GitPullServer.StartAsync(new Dictionary<string, string?>
    {
        ["GitPull:WaitTimeout"] = "00:00:01",
        ["GitPull:MaxDailyPerCaller"] = "2",
    });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_build_longer_than_the_wait_is_answered_with_its_current_step_and_the_next_pull_gets_the_image()
    {
        var alice = await Server.Builds.Api.NewUserAsync("alice");
        await Server.Repository("slow/app").CommitAsync("slow", ("Dockerfile", "LOG starting\nSLEEP 2500\nLOG done"));

        var (status, code, message) = await Server.ErrorAsync(alice, "git/git.test/slow/app", "main");

        Assert.Equal((404, "MANIFEST_UNKNOWN"), (status, code));
        Assert.Matches(@"^git\.test/slow/app:main \([0-9a-f]{12}\) is being built \(build [0-9]+: (waiting for a build worker|Step [0-9]/3 : [A-Z]+.*)\); log: http://[^ ]+/api/v1/builds/[0-9]+/log; pull again", message);
        for (var attempt = 0; ; attempt++)
        {
            using var response = await Server.PullAsync(alice, "git/git.test/slow/app", "main");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(attempt < 20, $"still {(int)response.StatusCode} after {attempt} pulls: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    [Fact]
    public async Task A_caller_over_their_daily_quota_is_told_so_and_others_are_not()
    {
        var bob = await Server.Builds.Api.NewUserAsync("bob");
        var carol = await Server.Builds.Api.NewUserAsync("carol");
        var repository = Server.Repository("quota/app");
        var commits = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            commits.Add(await repository.CommitAsync($"c{i}", ("Dockerfile", "LOG x"), ("n.txt", $"{i}")));
        }

        // The wait here is a second: a build slower than that is answered "being built", and pulled again.
        await Server.Pulls.DigestWhenBuiltAsync(bob, "git/git.test/quota/app", commits[0]);
        await Server.Pulls.DigestWhenBuiltAsync(bob, "git/git.test/quota/app", commits[1]);
        var refused = await Server.ErrorAsync(bob, "git/git.test/quota/app", commits[2]);

        Assert.Equal((429, "TOOMANYREQUESTS"), (refused.Status, refused.Code));
        Assert.Contains("you started 2 builds on pull in the last 24 hours", refused.Message, StringComparison.Ordinal);
        // Built images cost no quota; another caller has their own.
        await Server.DigestAsync(bob, "git/git.test/quota/app", commits[0]);
        await Server.Pulls.DigestWhenBuiltAsync(carol, "git/git.test/quota/app", commits[2]);
    }

    [Fact]
    public async Task A_private_hosts_images_need_the_pull_right_on_the_git_namespace()
    {
        var admin = await Server.Builds.Api.NewUserAsync("admin", admin: true);
        var member = await Server.Builds.Api.NewUserAsync("member");
        var outsider = await Server.Builds.Api.NewUserAsync("outsider");
        await Server.Repository("secret/app").CommitAsync("first", ("Dockerfile", "LOG x"));
        // An organisation named git: its members may pull every git/... image (decision 025).
        await JoinGitOrganisationAsync(admin, member, "member");

        Assert.Equal(401, (await Server.ErrorAsync(null, "git/private.test/secret/app", "main")).Status);
        Assert.Equal(403, (await Server.ErrorAsync(outsider, "git/private.test/secret/app", "main")).Status);
        await Server.Pulls.DigestWhenBuiltAsync(member, "git/private.test/secret/app", "main");
    }

    [Fact]
    public async Task Nobody_but_a_server_admin_pushes_or_deletes_in_the_git_namespace()
    {
        var owner = await Server.Builds.Api.NewUserAsync("owner");
        var admin = await Server.Builds.Api.NewUserAsync("admin", admin: true);
        await JoinGitOrganisationAsync(admin, owner, "admin");

        Assert.Equal("pull", await GrantedAsync(owner, "git/git.test/team/app"));
        Assert.Equal("pull,push,delete", await GrantedAsync(admin, "git/git.test/team/app"));
    }

    /// <summary>Makes <paramref name="who"/> a member of the organisation <c>git</c> (made if missing) in a team of
    /// <paramref name="role"/>.</summary>
    private async Task JoinGitOrganisationAsync(ApiLogin admin, ApiLogin who, string role)
    {
        using (var created = await Server.Builds.Api.SendAsync(HttpMethod.Post, "/api/v1/orgs", admin, """{"name":"git"}"""))
        {
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"POST /api/v1/orgs: {(int)created.StatusCode}");
        }

        var team = $"t{role}";
        using (var teamCreated = await Server.Builds.Api.SendAsync(HttpMethod.Post, "/api/v1/orgs/git/teams", admin, $$"""{"name":"{{team}}","role":"{{role}}"}"""))
        {
            Assert.True(teamCreated.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"POST teams: {(int)teamCreated.StatusCode}");
        }

        await Server.Builds.Api.ExpectAsync(HttpMethod.Put, $"/api/v1/orgs/git/teams/{team}/members/{who.Name}", admin, HttpStatusCode.NoContent);
    }

    /// <summary>The actions the token endpoint grants <paramref name="who"/> when asked for all of them.</summary>
    private async Task<string> GrantedAsync(ApiLogin who, string repository)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf&scope={Uri.EscapeDataString($"repository:{repository}:pull,push,delete")}");
        request.Headers.Authorization = AccountsApiServer.Basic(who);
        using var response = await Server.Client.SendAsync(request, Ct);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')))!;
        var access = claims["access"]!.AsArray().Single()!;
        return string.Join(',', access["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }
}
