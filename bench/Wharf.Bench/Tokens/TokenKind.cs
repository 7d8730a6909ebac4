using System.Net.Http.Headers;
using System.Text;

namespace Wharf.Bench.Tokens;

/// <summary>One kind of token request the token run repeats: what a client sends, and whether it must succeed (200
/// with a token) or be refused (401, or 429 once the throttle blocks).</summary>
internal sealed record TokenKind(string Key, string Label, Func<TokenAccounts, HttpRequestMessage> Request, bool Refused = false)
{
    /// <summary>In the order run: the wrong password last, so that whatever the throttle does to it cannot touch the others.</summary>
    public static readonly IReadOnlyList<TokenKind> All =
    [
        new("password", "password (docker, containerd with a pull secret: Basic on every GET)", a => Get(a, a.Admin, a.Password)),
        new("pat", "personal access token (GET, Basic)", a => Get(a, a.Admin, a.PersonalToken)),
        new("robot", "robot secret (GET, Basic)", a => Get(a, a.Robot, a.RobotSecret)),
        new("refresh", "refresh token (OAuth2 POST grant_type=refresh_token)", Refresh),
        new("wrong", "wrong password, repeated (GET, Basic)", a => Get(a, a.WrongUser, "not-the-password"), Refused: true),
    ];

    /// <summary>docker's GET: the service and scope in the query, the credentials as HTTP Basic.</summary>
    private static HttpRequestMessage Get(TokenAccounts a, string user, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri($"{a.Realm}?service={Uri.EscapeDataString(a.Service)}&scope={Uri.EscapeDataString(a.Scope)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        return request;
    }

    /// <summary>oauth.md's refresh grant, as containerd and the OAuth2 clients send it.</summary>
    private static HttpRequestMessage Refresh(TokenAccounts a) => new(HttpMethod.Post, a.Realm)
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = a.RefreshToken,
            ["service"] = a.Service,
            ["scope"] = a.Scope,
            ["client_id"] = TokenAccounts.ClientId,
        }),
    };
}
