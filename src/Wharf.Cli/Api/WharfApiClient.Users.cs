using System.Text;

namespace Wharf.Cli.Api;

/// <summary>The caller's own account and tokens, and the server administrator's user endpoints.</summary>
internal sealed partial class WharfApiClient
{
    /// <summary>How many accounts one page of <c>GET /users</c> asks for.</summary>
    private const int AccountPage = 100;

    public Task<CurrentAccount> GetCurrentAccountAsync(CancellationToken ct) => GetAsync("user", ApiJson.Default.CurrentAccount, ct);

    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Put, "user/password", Body(("currentPassword", currentPassword), ("newPassword", newPassword)), ct);

    public Task<IReadOnlyList<TokenInfo>> ListTokensAsync(CancellationToken ct) => GetAsync("user/tokens", ApiJson.Default.IReadOnlyListTokenInfo, ct);

    public Task<CreatedToken> CreateTokenAsync(string name, string scope, DateTimeOffset? expiresAt, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "user/tokens", Body(("name", name), ("scope", scope), ("expiresAt", expiresAt)), ApiJson.Default.CreatedToken, ct);

    public Task RevokeTokenAsync(long id, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"user/tokens/{id}", null, ct);

    /// <summary>Every account (of one kind when given), following the pages to the end: until an empty page, since
    /// the server may cap a page below what was asked for.</summary>
    public async Task<IReadOnlyList<AccountInfo>> ListAccountsAsync(string? kind, CancellationToken ct)
    {
        var accounts = new List<AccountInfo>();
        string? after = null;
        while (true)
        {
            var page = await GetAsync(Query("users", ("kind", kind), ("after", after), ("limit", $"{AccountPage}")), ApiJson.Default.IReadOnlyListAccountInfo, ct);
            // A server that ignored `after` would repeat the same page for ever.
            if (page.Count == 0 || page[^1].Name == after)
            {
                return accounts;
            }

            accounts.AddRange(page);
            after = page[^1].Name;
        }
    }

    public Task<AccountInfo> CreateUserAsync(string name, string? password, bool isAdmin, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "users", Body(("name", name), ("password", password), ("isAdmin", isAdmin)), ApiJson.Default.AccountInfo, ct);

    /// <summary>Changes only what is given (null leaves it as it is).</summary>
    public Task<AccountInfo> UpdateUserAsync(string name, string? password, bool? isAdmin, bool? disabled, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"users/{Escape(name)}", Body(("password", password), ("isAdmin", isAdmin), ("disabled", disabled)), ApiJson.Default.AccountInfo, ct);

    public Task DeleteUserAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"users/{Escape(name)}", null, ct);

    /// <summary>Sends an htpasswd file as it is: the server parses it, so both sides agree on what a line means.</summary>
    public async Task<ImportResult> ImportHtpasswdAsync(string htpasswd, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "users/import", new StringContent(htpasswd, Encoding.UTF8, "text/plain"), ct);
        return await ReadAsync(response, "users/import", ApiJson.Default.ImportResult, ct);
    }

    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }
}
