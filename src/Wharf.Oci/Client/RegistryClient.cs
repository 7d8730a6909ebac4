using System.Net;
using System.Net.Sockets;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Client;

/// <summary>A client of one registry host speaking the OCI distribution-spec v1.1: manifests, blobs (ranged reads,
/// monolithic and chunked resumable pushes, cross-repository mounts), tag and catalog listings, deletes, with
/// Basic and Bearer (token service) authentication. Plain HTTP for loopback hosts or with
/// <see cref="RegistryClientOptions.Insecure"/>, HTTPS otherwise. Thread-safe; one instance per host.
/// Failures are a <see cref="RegistryException"/> naming the registry and the operation (the spec's error code when the
/// registry sent one), or a <see cref="RegistryUnreachableException"/> when nothing answered.</summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly RegistryClientOptions _options;

    /// <param name="host"><c>host[:port]</c> as in an image reference (<c>docker.io</c> means Docker Hub).</param>
    public RegistryClient(string host, RegistryClientOptions? options = null)
    {
        Host = host;
        _options = options ?? new RegistryClientOptions();
        BaseAddress = RegistryHost.BaseAddress(host, _options.Insecure);
        // Redirects are followed by hand so that credentials never go to another host; blobs must arrive as stored,
        // so no transparent decompression.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
            UseCookies = false,
        };
        // Layers take as long as they take: no overall timeout; the caller's cancellation ends a transfer.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _auth = new RegistryAuthenticator(host, BaseAddress, _http, _options);
    }

    /// <summary><c>host[:port]</c> as given.</summary>
    public string Host { get; }

    /// <summary>The API's base, <c>http(s)://host[:port]/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether small blobs go up in one POST (distribution-spec end-4b); turned off once the registry
    /// answers such a POST with an upload session instead.</summary>
    internal bool SinglePostUpload { get; set; } = true;

    /// <summary>GET <c>/v2/</c>, authenticating when challenged: succeeds when the registry speaks the API and accepts
    /// the credentials (what <c>wharf login</c> checks before storing them).</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        var request = new RegistryRequest(HttpMethod.Get, new Uri(BaseAddress, "v2/"), Scopes.None, "access the registry");
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, request, OciErrorCode.Unsupported, ct);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _auth.Dispose();
    }

    /// <summary>Sends with the authorization this host expects; on a 401, learns from the challenge and sends a
    /// replayable request once more. The caller owns (and must dispose) the response.</summary>
    internal async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken ct)
    {
        var response = await SendOnceAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            _auth.MarkSettled();
            return response;
        }

        if (!await _auth.OnChallengeAsync(response, request.Scopes, ct) || !request.Replayable)
        {
            return response;
        }

        response.Dispose();
        return await SendOnceAsync(request, ct);
    }

    /// <summary>Makes sure the authentication scheme is known before a body that cannot be replayed is streamed
    /// (a 401 halfway through a large body may reach the client as a reset connection, not as a challenge).</summary>
    internal async Task PrepareAsync(CancellationToken ct)
    {
        if (!_auth.Settled)
        {
            try
            {
                await PingAsync(ct);
            }
            catch (RegistryException e) when (e.Code is OciErrorCode.Unauthorized or OciErrorCode.Denied)
            {
                // The challenge is learnt; the operation's own request reports the refusal in its own words.
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(RegistryRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri) { Content = request.Content?.Invoke() };
        request.Configure?.Invoke(message);
        await _auth.AuthorizeAsync(message, request.Scopes, ct);
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (Unreachable(request.Uri, e) is { } unreachable)
        {
            throw unreachable;
        }
    }

    /// <summary>The one-line "cannot reach" error for a failure to connect at all; null for failures after connecting.</summary>
    internal static RegistryUnreachableException? Unreachable(Uri uri, HttpRequestException e)
    {
        var socket = e.InnerException as SocketException;
        var reason = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "unknown host",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed ({e.InnerException?.Message ?? e.Message}); a plain-HTTP registry needs --insecure",
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused => "connection refused",
            HttpRequestError.ConnectionError when socket is not null => socket.Message,
            HttpRequestError.ConnectionError => e.Message,
            _ => null,
        };
        return reason is null ? null : new RegistryUnreachableException(RegistryHost.HostAndPort(uri), reason, e);
    }

    /// <summary>Turns an unsuccessful response into the exception that says what went wrong, where and why.</summary>
    internal async Task<Exception> ErrorAsync(HttpResponseMessage response, RegistryRequest request, OciErrorCode notFound, CancellationToken ct)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.Unauthorized)
        {
            return new RegistryException(OciErrorCode.Unauthorized, _auth.SentCredentials
                ? $"{Host} refused the credentials of '{_auth.Username}' to {request.What}"
                : $"{Host} requires credentials to {request.What} (log in with `wharf login {Host}`)");
        }

        if (status == HttpStatusCode.Forbidden)
        {
            var who = _auth.SentCredentials ? $"user '{_auth.Username}'" : "anonymous access";
            return new RegistryException(OciErrorCode.Denied, $"{Host} does not allow {who} to {request.What}");
        }

        var body = request.Method == HttpMethod.Head ? [] : await ReadLimitedAsync(response.Content, 64 * 1024, ct, truncate: true);
        return RegistryErrorBody.ToException(body, (int)status, notFound, $"{request.What} at {Host}");
    }

    /// <summary>Reads a small body, refusing (or with <paramref name="truncate"/>, cutting) one past the limit.</summary>
    internal static async Task<byte[]> ReadLimitedAsync(HttpContent content, int limit, CancellationToken ct, bool truncate = false)
    {
        if (content.Headers.ContentLength > limit && !truncate)
        {
            throw new RegistryException(OciErrorCode.PayloadTooLarge, $"response of {content.Headers.ContentLength} bytes exceeds {limit}");
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                if (truncate)
                {
                    buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                    break;
                }

                throw new RegistryException(OciErrorCode.PayloadTooLarge, $"response exceeds {limit} bytes");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    internal Uri Api(string relative) => new(BaseAddress, relative);
}
