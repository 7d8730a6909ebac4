namespace Wharf.Server.Observability;

/// <summary>Gives every request one id: the caller's <c>X-Request-Id</c> when it is sane (a proxy or client that
/// already has one keeps it across hops), else the id Kestrel made. It becomes <see cref="HttpContext.TraceIdentifier"/>
/// (what every error body reports), is echoed as <c>X-Request-Id</c>, and is a logging scope around the request, so
/// every log line written while serving it carries <c>RequestId</c> (console formats with <c>IncludeScopes</c>).</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    /// <summary>Longer ids are replaced: the id goes into every log line and error body.</summary>
    public const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Accept(context.Request.Headers[Header].ToString()) ?? context.TraceIdentifier;
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        using (logger.BeginScope(new RequestIdScope(id)))
        {
            await next(context);
        }
    }

    /// <summary>The caller's id when it is 1–128 visible ASCII characters (no spaces, no control characters, one
    /// header value), so it cannot forge log lines or break a JSON body; null otherwise.</summary>
    public static string? Accept(string candidate)
    {
        if (candidate.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (var c in candidate)
        {
            if (c is < '!' or > '~' or ',')
            {
                return null;
            }
        }

        return candidate;
    }
}
