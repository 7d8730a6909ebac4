using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Errors;
using Wharf.Server.Tests.Conformance;
using static Wharf.Server.Tests.Client.ClientTestBlobs;

namespace Wharf.Server.Tests.Client;

/// <summary>The Bearer flow end to end: CNCF Distribution with <c>auth: token</c> trusting a token service that runs
/// here (<see cref="TestTokenService"/>); the client follows Distribution's challenges to it.</summary>
public sealed class TokenAuthTests : IAsyncLifetime
{
    private const string User = "bob";
    private const string Password = "token-flow-password";
    private TestTokenService _tokens = null!;
    private DistributionRegistry _registry = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _tokens = await TestTokenService.StartAsync(new Dictionary<string, string> { [User] = Password });
        var (auth, prepare) = _tokens.DistributionAuth();
        _registry = await DistributionRegistry.StartAsync(auth, prepare);
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private RegistryClient NewClient(RegistryCredential? credential = null, TimeProvider? clock = null) =>
        new(_registry.HostPort, new RegistryClientOptions { Credential = credential, TimeProvider = clock ?? TimeProvider.System });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_user_pushes_and_pulls_with_tokens_fetched_once_per_scope(bool accessTokenField)
    {
        _tokens.UseAccessTokenField = accessTokenField;
        using var client = NewClient(new RegistryCredential(User, Password));
        var repository = Repository("token/push");

        var manifest = await PushImageAsync(client, repository);
        Assert.Equal(manifest.Bytes, (await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct))!.Bytes);

        var requests = _tokens.Requests.ToList();
        Assert.All(requests, r => Assert.Equal(User, r.User));
        var push = $"repository:{repository}:pull,push";
        var pull = $"repository:{repository}:pull";
        Assert.Single(requests, r => r.Scopes.SequenceEqual([push])); // one token for every blob and the manifest
        Assert.Single(requests, r => r.Scopes.SequenceEqual([pull]));
    }

    [Fact]
    public async Task An_expired_token_is_fetched_again()
    {
        var clock = new ManualClock();
        _tokens.ExpiresInSeconds = 120;
        using var client = NewClient(new RegistryCredential(User, Password), clock);
        var repository = Repository("token/expiry");
        var pull = $"repository:{repository}:pull";

        Assert.Null(await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct));
        Assert.Single(_tokens.Requests, r => r.Scopes.SequenceEqual([pull]));

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct));
        Assert.Equal(2, _tokens.Requests.Count(r => r.Scopes.SequenceEqual([pull])));
    }

    [Fact]
    public async Task A_mount_asks_for_pull_on_the_source_repository()
    {
        using var client = NewClient(new RegistryCredential(User, Password));
        var from = Repository("token/mount-from");
        var to = Repository("token/mount-to");
        var bytes = Random(1000);
        await client.PushBlobAsync(from, Describe(bytes), Opener(bytes), null, null, Ct);

        Assert.True((await client.MountBlobAsync(to, Describe(bytes).Digest, from, Ct)).Mounted);

        Assert.Contains(_tokens.Requests, r => r.Scopes.Contains($"repository:{to}:pull,push") && r.Scopes.Contains($"repository:{from}:pull"));
    }

    [Fact]
    public async Task Anonymous_clients_get_pull_tokens_and_a_clear_error_for_push()
    {
        using var client = NewClient();
        var repository = Repository("token/anonymous");

        Assert.Null(await client.FindManifestAsync(repository, Reference.ForTag("v1"), Ct)); // the pull token works
        var bytes = Random(100);
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PushBlobAsync(repository, Describe(bytes), Opener(bytes), null, null, Ct));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains($"{_registry.HostPort} requires credentials to start a blob upload to {repository}", error.Message, StringComparison.Ordinal);
        Assert.All(_tokens.Requests, r => Assert.Null(r.User));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_by_the_token_service()
    {
        using var client = NewClient(new RegistryCredential(User, "wrong"));

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync(Ct));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains($"the token service of {_registry.HostPort} ({_tokens.Realm}) refused the credentials of '{User}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message.Replace("wrong password", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_is_listed_with_the_registry_catalog_scope()
    {
        using var client = NewClient(new RegistryCredential(User, Password));
        var repository = Repository("token/catalog");
        await PushImageAsync(client, repository);

        Assert.Contains(repository.ToString(), await client.ListRepositoriesAsync(null, Ct).ToListAsync(Ct));
        Assert.Contains(_tokens.Requests, r => r.Scopes.SequenceEqual(["registry:catalog:*"]));
    }

    private static async Task<Wharf.Oci.Images.ManifestContent> PushImageAsync(RegistryClient client, RepositoryName repository)
    {
        var config = TestImages.Config();
        var layer = TestImages.Layer(3000);
        foreach (var blob in new[] { config, layer })
        {
            await client.PushBlobAsync(repository, Describe(blob), Opener(blob.Bytes), null, null, Ct);
        }

        var manifest = Content(TestImages.Image(config, [layer]));
        await client.PutManifestAsync(repository, Reference.ForTag("v1"), manifest, Ct);
        return manifest;
    }
}
