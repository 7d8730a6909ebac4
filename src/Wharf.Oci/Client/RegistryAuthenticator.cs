using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace Wharf.Oci.Client;

/// <summary>The authentication state of one registry host: which scheme its challenge asked for, the credential
/// (looked up once), and bearer tokens cached per scope set until they expire (distribution token-auth flow).
/// Thread-safe: layers are pushed concurrently through one client.</summary>
internal sealed class RegistryAuthenticator(string host, Uri baseAddress, HttpClient http, RegistryClientOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, BearerToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private readonly Lock _credentialLock = new();
    private Task<RegistryCredential?>? _credential;
    private volatile AuthChallenge? _bearer;
    private volatile bool _basic;
    private volatile bool _settled;

    /// <summary>Whether a challenge (or an answer without one) has told us how this host authenticates.</summary>
    public bool Settled => _settled;

    /// <summary>The user name sent, for messages; null when anonymous or not looked up yet.</summary>
    public string? Username => _credential is { IsCompletedSuccessfully: true } loaded ? loaded.Result?.Username : null;

    /// <summary>Whether requests carry credentials: basic, or tokens the token service issued for them.</summary>
    public bool SentCredentials => Username is not null && (_basic || _bearer is not null);

    public void MarkSettled() => _settled = true;

    /// <summary>Adds the Authorization header this host expects, fetching a token first when the registry is known
    /// to use bearer tokens and none is cached for these scopes. Never sends credentials to another host (a blob
    /// redirect to S3, an upload location elsewhere).</summary>
    public async Task AuthorizeAsync(HttpRequestMessage message, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        if (message.RequestUri is not { } uri || Uri.Compare(uri, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return;
        }

        if (_basic && await CredentialAsync(ct) is { } credential)
        {
            message.Headers.Authorization = BasicHeader(credential);
        }
        else if (_bearer is { } challenge)
        {
            var token = FindToken(scopes);
            if (token is null)
            {
                // Concurrent layer transfers need the same token: one fetch, the others wait for it.
                await _tokenGate.WaitAsync(ct);
                try
                {
                    token = FindToken(scopes) ?? await FetchTokenAsync(challenge, scopes, scopes, ct);
                }
                finally
                {
                    _tokenGate.Release();
                }
            }

            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }
    }

    /// <summary>Learns from a 401's challenge. True when the request is worth sending again: a new token was issued
    /// or basic credentials are now known to apply; false when there is nothing new to offer.</summary>
    public async Task<bool> OnChallengeAsync(HttpResponseMessage response, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        _settled = true;
        var challenges = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? values.SelectMany(AuthChallenge.ParseAll).ToList()
            : [];
        if (challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) is { } bearer)
        {
            _bearer = bearer;
            // The registry's own scope may name actions we did not think of (delete, a mount source): ask for both.
            await FetchTokenAsync(bearer, scopes, [.. scopes.Union(bearer.Scopes, StringComparer.Ordinal)], ct);
            return true;
        }

        if (challenges.Any(c => c.IsBasic) && !_basic && await CredentialAsync(ct) is not null)
        {
            _basic = true;
            return true;
        }

        return false;
    }

    public void Dispose() => _tokenGate.Dispose();

    internal static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private BearerToken? FindToken(IReadOnlyList<string> scopes) =>
        _tokens.TryGetValue(Key(scopes), out var token) && token.ExpiresAt > options.TimeProvider.GetUtcNow() ? token : null;

    /// <summary>Fetches a token for <paramref name="wanted"/> and caches it under the scopes the operation asked for.</summary>
    private async Task<BearerToken> FetchTokenAsync(AuthChallenge challenge, IReadOnlyList<string> asked, IReadOnlyList<string> wanted, CancellationToken ct)
    {
        var credential = await CredentialAsync(ct);
        var token = await BearerTokenService.FetchAsync(http, host, challenge, wanted, credential, options.TimeProvider, ct);
        _tokens[Key(asked)] = token;
        return token;
    }

    private Task<RegistryCredential?> CredentialAsync(CancellationToken ct)
    {
        lock (_credentialLock)
        {
            return _credential ??= LoadCredentialAsync(ct);
        }
    }

    private async Task<RegistryCredential?> LoadCredentialAsync(CancellationToken ct) =>
        options.Credential ?? (options.CredentialStore is { } store ? await store.FindAsync(host, ct) : null);

    private static string Key(IReadOnlyList<string> scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));
}
