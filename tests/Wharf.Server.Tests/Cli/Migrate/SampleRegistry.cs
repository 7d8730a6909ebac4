using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>An embedded registry with some of everything <c>wharf migrate</c> carries, made by a real Wharf with auth
/// on: repositories with tags, an index, a referrer; users, an organisation with a team and a robot, grants, a public
/// and a private repository, a personal access token, the audit events all that leaves; and, not to be carried, an
/// upload in progress and a failed login. It remembers what it served and the credentials it issued, so that any
/// Wharf serving a copy can be checked against it (<see cref="AssertServedAsync"/>).</summary>
internal sealed class SampleRegistry
{
    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-2";

    /// <summary>Long enough for a token issued here to outlive the copies; a server given a shorter one refuses it.</summary>
    public const string TokenLifetime = "01:00:00";

    private readonly List<(string Repository, string Reference, byte[] Bytes)> _manifests = [];
    private readonly List<(string Repository, TestBlob Blob)> _blobs = [];
    private readonly Dictionary<string, string> _tagLists = [];
    private string _referrers = "";
    private string _referrersPath = "";

    /// <summary>Alice's personal access token (read-write).</summary>
    public string AlicePat { get; private set; } = "";

    /// <summary>The secret of the robot <c>acme+ci</c>, which may push to acme/app.</summary>
    public string RobotSecret { get; private set; } = "";

    /// <summary>An access token the source signed before any copy (pull on acme/app, valid an hour).</summary>
    public string EarlierToken { get; private set; } = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SampleRegistry> CreateAsync(string dataDirectory)
    {
        var sample = new SampleRegistry();
        var settings = new Dictionary<string, string?> { ["Auth:TokenLifetime"] = TokenLifetime };
        await using var server = await WharfServer.StartWithAuthAsync("admin-password-0", settings, dataDirectory);
        var accounts = server.Services.GetRequiredService<IAccountStore>();
        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("alice", AlicePassword, Ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("bob", BobPassword, Ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateOrganisationAsync("acme", "alice", Ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateTeamAsync("acme", "readers", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.Done, await accounts.AddTeamMemberAsync("acme", "readers", "bob", Ct));
        var robot = await accounts.CreateRobotAsync("acme", "ci", Ct);
        sample.RobotSecret = robot.IsDone ? robot.Secret : throw new InvalidOperationException(robot.Outcome.ToString());
        Assert.Equal(AccountChange.Done, await accounts.GrantAsync("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write, Ct));
        Assert.Equal(AccountChange.Done, await accounts.GrantAsync("alice/secret", Grantee.Team("acme", "readers"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.Done, await accounts.SetPublicAsync("alice/tool", true, Ct));
        var pat = await accounts.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.ReadWrite, null, Ct);
        sample.AlicePat = pat.IsDone ? pat.Secret : throw new InvalidOperationException(pat.Outcome.ToString());

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var token = await TokenAsync(http, "alice", AlicePassword, "repository:acme/app:pull,push", "repository:alice/tool:pull,push", "repository:alice/secret:pull,push");
        var alice = Client(server.BaseAddress, token);
        var image = await alice.PushImageAsync("acme/app", "v1");
        var docker = await alice.PushImageAsync("acme/app", "v1-docker", TestImages.DockerManifest);
        var index = TestImages.Index([image.Manifest, docker.Manifest]);
        await alice.PushManifestAsync("acme/app", "latest", index);
        var signature = await alice.PushArtifactAsync("acme/app", "application/vnd.example.signature", image.Manifest, new Dictionary<string, string> { ["by"] = "alice" });
        var tool = await alice.PushImageAsync("alice/tool", "1.0");
        var secret = await alice.PushImageAsync("alice/secret", "s1");
        await alice.StartUploadAsync("acme/app"); // never finished

        sample.Remember("acme/app", "v1", image);
        sample.Remember("acme/app", "v1-docker", docker);
        sample.Remember("alice/tool", "1.0", tool);
        sample.Remember("alice/secret", "s1", secret);
        sample._manifests.Add(("acme/app", "latest", index.Bytes));
        sample._manifests.Add(("acme/app", signature.Digest, signature.Bytes));
        sample._blobs.Add(("acme/app", TestImages.EmptyJson));
        foreach (var repository in new[] { "acme/app", "alice/tool", "alice/secret" })
        {
            sample._tagLists[repository] = await ReadAsync(alice, $"/v2/{repository}/tags/list");
        }

        sample._referrersPath = $"/v2/acme/app/referrers/{image.Manifest.Digest}";
        sample._referrers = await ReadAsync(alice, sample._referrersPath);
        sample.EarlierToken = await TokenAsync(http, "alice", AlicePassword, "repository:acme/app:pull");
        using var wrong = await RequestTokenAsync(http, "bob", "not-bobs-password", "repository:acme/app:pull");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        return sample;
    }

    /// <summary>Checks that the Wharf at <paramref name="baseAddress"/> (auth on) is this registry: every manifest and blob
    /// byte for byte, the tag lists and referrers, and every credential: passwords, the personal access token, the robot
    /// secret (which still pushes), team and public access, and the token signed before the copy. Pushes to
    /// <paramref name="newRepository"/> too, which needs the identities to have been moved past the copied ids.</summary>
    public async Task AssertServedAsync(Uri baseAddress, string newRepository)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var scopes = _tagLists.Keys.Select(r => $"repository:{r}:pull").ToArray();
        var alice = Client(baseAddress, await TokenAsync(http, "alice", AlicePassword, scopes));
        foreach (var (repository, reference, bytes) in _manifests)
        {
            Assert.Equal(bytes, await ReadBytesAsync(alice, $"/v2/{repository}/manifests/{reference}"));
            Assert.Equal(bytes, await ReadBytesAsync(alice, $"/v2/{repository}/manifests/{TestImages.Sha256(bytes)}"));
        }

        foreach (var (repository, blob) in _blobs)
        {
            Assert.Equal(blob.Bytes, await ReadBytesAsync(alice, $"/v2/{repository}/blobs/{blob.Digest}"));
        }

        foreach (var (repository, body) in _tagLists)
        {
            Assert.Equal(body, await ReadAsync(alice, $"/v2/{repository}/tags/list"));
        }

        Assert.Equal(_referrers, await ReadAsync(alice, _referrersPath));

        var viaPat = Client(baseAddress, await TokenAsync(http, "alice", AlicePat, "repository:acme/app:pull"));
        await ReadBytesAsync(viaPat, "/v2/acme/app/manifests/v1");
        await ReadBytesAsync(Client(baseAddress, EarlierToken), "/v2/acme/app/manifests/v1");
        await ReadBytesAsync(Client(baseAddress, await TokenAsync(http, "bob", BobPassword, "repository:alice/secret:pull")), "/v2/alice/secret/manifests/s1");
        await ReadBytesAsync(Client(baseAddress, await TokenAsync(http, null, null, "repository:alice/tool:pull")), "/v2/alice/tool/manifests/1.0");
        using (var anonymous = await Client(baseAddress, await TokenAsync(http, null, null, "repository:alice/secret:pull")).GetAsync("/v2/alice/secret/manifests/s1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await Client(baseAddress, await TokenAsync(http, "acme+ci", RobotSecret, "repository:acme/app:pull,push")).PushBlobAsync("acme/app", TestImages.Layer());
        await Client(baseAddress, await TokenAsync(http, "alice", AlicePassword, $"repository:{newRepository}:pull,push")).PushImageAsync(newRepository, "new");
    }

    private void Remember(string repository, string tag, PushedImage image)
    {
        _manifests.Add((repository, tag, image.Manifest.Bytes));
        _blobs.Add((repository, image.Config));
        _blobs.Add((repository, image.Layer));
    }

    private static OciTestClient Client(Uri baseAddress, string token)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new OciTestClient(http);
    }

    private static async Task<string> TokenAsync(HttpClient http, string? user, string? secret, params string[] scopes)
    {
        using var response = await RequestTokenAsync(http, user, secret, scopes);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"no token for {user}: {response.StatusCode}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["token"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string? user, string? secret, params string[] scopes)
    {
        var query = string.Concat(scopes.Select(s => $"&scope={Uri.EscapeDataString(s)}"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/auth/token?service=wharf{query}");
        if (user is not null)
        {
            request.Headers.Authorization = BasicAuth.Header(user, secret!);
        }

        return http.SendAsync(request, Ct);
    }

    private static async Task<byte[]> ReadBytesAsync(OciTestClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<string> ReadAsync(OciTestClient client, string path) =>
        System.Text.Encoding.UTF8.GetString(await ReadBytesAsync(client, path));
}
