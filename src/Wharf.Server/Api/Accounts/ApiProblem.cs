using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Wharf.Server.Api.Accounts;

/// <summary>An RFC 9457 problem answer of the management API (<c>application/problem+json</c>), with the headers its
/// status calls for: a Basic challenge on 401 (RFC 9110 §15.5.2), <c>Retry-After</c> on 429 (RFC 6585 §4). The detail
/// is written for the person at the CLI and never holds a secret.</summary>
internal sealed class ApiProblem : IResult, IStatusCodeHttpResult
{
    /// <summary>The realm of the Basic challenge; the CLI matches on the scheme, not on this word.</summary>
    public const string Realm = "wharf";

    private ApiProblem(int status, string title, string detail, TimeSpan? retryAfter = null)
    {
        Details = new ProblemDetails { Type = TypeOf(status), Title = title, Status = status, Detail = detail };
        RetryAfter = retryAfter;
    }

    public ProblemDetails Details { get; }

    public TimeSpan? RetryAfter { get; }

    public int StatusCode => Details.Status!.Value;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static ApiProblem Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, "Authentication required", detail);

    public static ApiProblem Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ApiProblem NotFound(string title, string detail) => new(StatusCodes.Status404NotFound, title, detail);

    public static ApiProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);

    public static ApiProblem UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    /// <summary>Any other problem: a status and a title of the caller's choosing.</summary>
    public static ApiProblem Of(int status, string title, string detail) => new(status, title, detail);

    public static ApiProblem Throttled(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "Too many failed logins", "logins for this account or address are paused after repeated failures; try again later", retryAfter);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        if (StatusCode == StatusCodes.Status401Unauthorized)
        {
            headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
        }

        if (RetryAfter is { } wait)
        {
            // RFC 9110 §10.2.3: whole seconds; rounded up so a client that waits exactly this long is let in.
            headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // Answers about accounts are per caller: no shared cache may keep them.
        headers.CacheControl = "no-store";
        // The id of X-Request-Id and of the request's log lines, so a report of this answer finds them.
        Details.Extensions["requestId"] = httpContext.TraceIdentifier;
        httpContext.Response.StatusCode = StatusCode;
        await httpContext.Response.WriteAsJsonAsync(Details, AccountsJsonContext.Default.ProblemDetails, "application/problem+json", httpContext.RequestAborted);
    }

    private static string TypeOf(int status) => status == StatusCodes.Status429TooManyRequests
        ? "https://www.rfc-editor.org/rfc/rfc6585#section-4"
        : $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
}
