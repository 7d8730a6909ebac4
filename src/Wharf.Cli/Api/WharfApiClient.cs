using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Wharf.Cli.Commands;
using Wharf.Oci.Client;

namespace Wharf.Cli.Api;

/// <summary>A client of one Wharf server's management API (<c>/api/v1</c>, docs/api.md), authenticated with HTTP
/// Basic from the credentials <c>wharf login HOST</c> stored in docker's config.json. Plain HTTP for loopback hosts
/// and with <c>--insecure</c>, HTTPS otherwise, decided by <see cref="RegistryClient"/> as for registry traffic.
/// Every failure is a <see cref="WharfApiException"/> whose message is one line: the server's ProblemDetails
/// <c>detail</c>, or what to do (log in, pass <c>--insecure</c>). The secret is never part of a message.</summary>
internal sealed partial class WharfApiClient : IDisposable
{
    private const int MaxErrorBody = 64 * 1024;
    private const int MaxDetailLength = 400;

    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly HttpClient _streaming;
    private readonly RegistryCredential? _credential;

    private WharfApiClient(string server, Uri baseAddress, RegistryCredential? credential)
    {
        Server = server;
        _credential = credential;
        // Credentials must never follow a redirect to another host.
        _handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        _http = Client(_handler, TimeSpan.FromSeconds(100), baseAddress, credential);
        // Uploading a build context and following a build's log take as long as they take.
        _streaming = Client(_handler, Timeout.InfiniteTimeSpan, baseAddress, credential);
    }

    /// <summary><c>host[:port]</c> as given.</summary>
    public string Server { get; }

    /// <summary>A client for <paramref name="server"/> (<c>HOST[:PORT]</c>) with the credentials stored for it, or
    /// anonymous when there are none (some calls allow that; the others answer 401, reported as "run wharf login").</summary>
    public static async Task<WharfApiClient> ConnectAsync(string server, bool insecure, CancellationToken ct)
    {
        var host = RegistryReferences.Host(server);
        Uri baseAddress;
        using (var registry = new RegistryClient(host, new RegistryClientOptions { Insecure = insecure }))
        {
            baseAddress = registry.BaseAddress; // the one scheme rule shared with registry traffic
        }

        var credential = await DockerCredentials.FromEnvironment().FindAsync(host, ct);
        if (credential is { Password.Length: 0, IdentityToken: not null })
        {
            throw new WharfApiException($"the credentials stored for {host} are an identity token, which the management API does not take; log in with `wharf login {host}`");
        }

        return new WharfApiClient(host, baseAddress, credential);
    }

    /// <summary>A client for the server at <paramref name="baseAddress"/> (<c>http://host:port/</c>) with credentials the
    /// caller already holds, rather than docker's stored ones.</summary>
    public static WharfApiClient Connect(Uri baseAddress, RegistryCredential? credential) =>
        new(baseAddress.Authority, baseAddress, credential);

    public void Dispose()
    {
        _streaming.Dispose();
        _http.Dispose();
        _handler.Dispose();
    }

    private static HttpClient Client(SocketsHttpHandler handler, TimeSpan timeout, Uri baseAddress, RegistryCredential? credential)
    {
        var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(baseAddress, "api/v1/"), Timeout = timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("wharf");
        http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        if (credential is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
        }

        return http;
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return await ReadAsync(response, path, type, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonObject? body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body is null ? null : JsonContent.Create(body, ApiJson.Default.JsonObject), ct);
        return await ReadAsync(response, path, type, ct);
    }

    private async Task SendJsonAsync(HttpMethod method, string path, JsonObject body, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, JsonContent.Create(body, ApiJson.Default.JsonObject), ct);
    }

    /// <summary>A request body of the fields that have a value: a null one is left out, as "leave it as it is".</summary>
    private static JsonObject Body(params (string Name, JsonNode? Value)[] fields) =>
        new(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await SendAsync(request, ct);
    }

    /// <summary>Sends one request; a successful response is the caller's to dispose, anything else is thrown.
    /// <paramref name="streaming"/> sends it without the 100 s limit (a context upload, a followed log).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, bool streaming = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await (streaming ? _streaming : _http).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            var hint = e.HttpRequestError == HttpRequestError.SecureConnectionError ? "; a plain-HTTP server needs --insecure" : "";
            throw new WharfApiException($"cannot reach {Server}: {e.Message}{hint}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new WharfApiException($"{Server} did not answer within {_http.Timeout.TotalSeconds:0} s", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(response, ct);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, ct)
                ?? throw new WharfApiException($"{Server} answered /api/v1/{path} with an empty document");
        }
        catch (JsonException e)
        {
            throw new WharfApiException($"{Server} answered /api/v1/{path} with JSON this wharf does not understand ({e.Message})", e);
        }
    }

    /// <summary>The one line for a refusal: what the caller can do about 401 and 429, the server's words otherwise.</summary>
    private async Task<WharfApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var problem = await ReadProblemAsync(response.Content, ct);
        var detail = problem?.Detail is { Length: > 0 } d ? d : problem?.Title;
        if (detail?.Length > MaxDetailLength)
        {
            detail = detail[..MaxDetailLength] + "…";
        }

        var status = (int)response.StatusCode;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when _credential is null => $"{Server} requires credentials: log in with `wharf login {Server}`",
            HttpStatusCode.Unauthorized =>
                $"{Server} refused the stored credentials of '{_credential.Username}'{(detail is null ? "" : $" ({detail})")}: log in again with `wharf login {Server}`",
            HttpStatusCode.TooManyRequests => $"{detail ?? "too many failed logins"}; try again in {RetryAfter(response)}",
            HttpStatusCode.Forbidden => $"denied: {detail ?? $"'{_credential?.Username ?? "anonymous"}' may not do this"}",
            // Without a ProblemDetails body a 404 is the route missing, not a missing account or team.
            HttpStatusCode.NotFound when problem is null => $"{Server} has no such management API endpoint (not a Wharf server, or its Auth:Enabled is off)",
            _ => detail ?? $"{Server} answered {status} {response.ReasonPhrase}",
        };
        return new WharfApiException(message, status);
    }

    private static async Task<ApiProblem?> ReadProblemAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentType?.MediaType is not { } type || !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            // A misbehaving server's endless error body must not fill memory: the first 64 KiB say enough.
            await using var stream = await content.ReadAsStreamAsync(ct);
            var buffer = new byte[MaxErrorBody];
            int length = 0, n;
            while (length < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += n;
            }

            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), ApiJson.Default.ApiProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? $"{Math.Ceiling(delta.TotalSeconds):0} s" : "a while";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
