using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.Server.Api.Accounts;

/// <summary>Reads request bodies of the management API, small and strictly: JSON only as <c>application/json</c> (a
/// form another site posts cannot be JSON without a CORS preflight), unknown fields refused, and a size cap. Bad
/// bodies throw <see cref="ApiProblemException"/> (400, 413, 415) whose detail names where, never what was sent.</summary>
internal static class ApiRequestBody
{
    /// <summary>Far more than any management request needs.</summary>
    public const long MaxJsonBytes = 64 * 1024;

    /// <summary>An htpasswd file of some ten thousand users.</summary>
    public const long MaxTextBytes = 1024 * 1024;

    public static Task<T> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class =>
        ReadJsonAsync(http, type, MaxJsonBytes, ct);

    /// <summary>As the other overload, for a body allowed to be larger (a repository's description).</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext http, JsonTypeInfo<T> type, long maxBytes, CancellationToken ct)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new ApiProblemException(ApiProblem.UnsupportedMediaType("the body must be JSON, sent as Content-Type: application/json"));
        }

        LimitBody(http, maxBytes);
        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, ct)
                ?? throw new ApiProblemException("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            // The message of a JsonException may quote the input; only its location is repeated.
            throw new ApiProblemException($"the body is not valid JSON for this request (at {e.Path ?? "$"}): check field names, types and enum words");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the body is larger than {maxBytes} bytes"));
        }
        catch (BadHttpRequestException e)
        {
            // Broken framing or a body cut short (ClientRequestBody makes every such read failure this one exception).
            throw new ApiProblemException($"the body could not be read: {e.Message}");
        }
    }

    public static async Task<string> ReadTextAsync(HttpContext http, CancellationToken ct)
    {
        LimitBody(http, MaxTextBytes);
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            return await reader.ReadToEndAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the body is larger than {MaxTextBytes} bytes"));
        }
        catch (BadHttpRequestException e)
        {
            // Broken framing or a body cut short (ClientRequestBody makes every such read failure this one exception).
            throw new ApiProblemException($"the body could not be read: {e.Message}");
        }
    }

    private static void LimitBody(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit)
        {
            throw new ApiProblemException(ApiProblem.TooLarge($"the body is larger than {limit} bytes"));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }
}
