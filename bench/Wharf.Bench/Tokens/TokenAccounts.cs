using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Wharf.Bench.Tokens;

/// <summary>
/// The credentials of every kind the token run asks with, set up over Wharf's API as an operator would, with the
/// administrator's password: a personal access token of <c>admin</c> (scope read), an organisation <c>bench</c> with a
/// robot <c>bench+puller</c> granted read on the repository, a refresh token from the OAuth2 POST with
/// <c>access_type=offline</c>, and a user <c>mallory</c> whose password the wrong-password clients never know.
/// </summary>
internal sealed record TokenAccounts(
    Uri Realm, string Service, string Scope, string Admin, string Password, string PersonalToken, string Robot, string RobotSecret,
    string RefreshToken, string WrongUser)
{
    /// <summary>The repository the tokens are asked for; the smoke check has pushed an image there.</summary>
    public const string Repository = "bench/smoke";

    public const string ClientId = "wharf-bench";

    /// <summary>Without the secrets.</summary>
    public override string ToString() => $"TokenAccounts {{ Realm = {Realm}, Service = {Service}, Scope = {Scope}, Robot = {Robot}, secrets hidden }}";

    public static async Task<TokenAccounts> SetUpAsync(HttpClient http, BenchTarget target, string admin, string password, CancellationToken ct)
    {
        var (realm, service) = await ChallengeAsync(http, target, ct);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{admin}:{password}")));
        var scope = $"repository:{Repository}:pull";

        using var pat = await SendJsonAsync(http, target, HttpMethod.Post, "/api/v1/user/tokens", basic, new { name = "bench", scope = "read" }, 201, ct);
        var personalToken = pat.RootElement.GetProperty("token").GetString()!;
        (await SendJsonAsync(http, target, HttpMethod.Post, "/api/v1/orgs", basic, new { name = "bench" }, 201, ct)).Dispose();
        using var robot = await SendJsonAsync(http, target, HttpMethod.Post, "/api/v1/orgs/bench/robots", basic, new { name = "puller" }, 201, ct);
        var robotName = robot.RootElement.GetProperty("name").GetString()!;
        (await SendJsonAsync(http, target, HttpMethod.Put, "/api/v1/permissions", basic,
            new { repository = Repository, access = "read", account = robotName }, 204, ct)).Dispose();
        // mallory's own password is thrown away: the wrong-password clients send another one.
        var mallory = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        (await SendJsonAsync(http, target, HttpMethod.Post, "/api/v1/users", basic, new { name = "mallory", password = mallory }, 201, ct)).Dispose();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = admin,
            ["password"] = password,
            ["access_type"] = "offline",
            ["service"] = service,
            ["client_id"] = ClientId,
            ["scope"] = scope,
        });
        using var offline = await http.PostAsync(realm, form, ct);
        await RegistryOps.ExpectAsync(offline, "POST /auth/token access_type=offline", 200, ct);
        using var body = JsonDocument.Parse(await offline.Content.ReadAsStringAsync(ct));
        var refresh = body.RootElement.TryGetProperty("refresh_token", out var r) ? r.GetString() : null;
        return new TokenAccounts(realm, service, scope, admin, password, personalToken, robotName, robot.RootElement.GetProperty("secret").GetString()!,
            refresh ?? throw new HttpFailure("POST /auth/token", 200, "no refresh_token", "access_type=offline gave none"), "mallory");
    }

    /// <summary>The realm and service of the Bearer challenge an anonymous <c>GET /v2/</c> gets, as docker learns them.</summary>
    private static async Task<(Uri Realm, string Service)> ChallengeAsync(HttpClient http, BenchTarget target, CancellationToken ct)
    {
        using var response = await http.GetAsync(target.Url("/v2/"), ct);
        var bearer = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))?.Parameter
            ?? throw new HttpFailure("GET /v2/", (int)response.StatusCode, "no Bearer challenge", "is auth on?");
        string? Value(string name) => System.Text.RegularExpressions.Regex.Match(bearer, name + "=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;
        var realm = new Uri(Value("realm") ?? throw new HttpFailure("GET /v2/", 401, "no realm", bearer));
        return realm.Host == "127.0.0.1"
            ? (realm, Value("service") ?? "")
            : throw new HttpFailure("GET /v2/", 401, "refused", $"the realm points away from loopback: {realm}");
    }

    private static async Task<JsonDocument> SendJsonAsync(HttpClient http, BenchTarget target, HttpMethod method, string path,
        AuthenticationHeaderValue basic, object body, int expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, target.Url(path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, ct);
        await RegistryOps.ExpectAsync(response, $"{method} {path}", expected, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }
}
