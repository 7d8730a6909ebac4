using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Events;

namespace Wharf.Server.Oci;

/// <summary>One routed /v2 request, handed to a handler: the HTTP context, the parsed route, and who it was admitted as.</summary>
internal sealed record OciRequest(HttpContext Http, OciRoute Route)
{
    /// <summary>Set by the dispatcher from <see cref="OciGate"/> before any handler runs; <see cref="OciCaller.Nobody"/>
    /// (fail closed) until then.</summary>
    public OciCaller Caller { get; init; } = OciCaller.Nobody;

    public RepositoryName Name => Route.Name;

    /// <summary>Who the registry services record as acting (their events, the audit log), with the request for the
    /// webhooks' events.</summary>
    public RegistryActor Actor => new(
        Caller.Name,
        Http.Connection.RemoteIpAddress?.ToString(),
        new RegistryRequest(Http.TraceIdentifier, Request.Method, Request.Host.Value ?? "", Request.Headers.UserAgent.ToString(), Request.IsHttps));

    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Ct => Http.RequestAborted;

    public T Service<T>()
        where T : notnull => Http.RequestServices.GetRequiredService<T>();

    /// <summary>The route's argument as a digest; DIGEST_INVALID when it is not one.</summary>
    public Digest ArgumentDigest() => ParseDigest(Route.Argument);

    public static Digest ParseDigest(string? text) =>
        Digest.TryParse(text, out var digest)
            ? digest
            : throw new RegistryException(OciErrorCode.DigestInvalid, $"'{text}' is not a supported digest (sha256 or sha512)");

    /// <summary>True when the request carries a body: a positive Content-Length or a chunked transfer.</summary>
    public bool HasBody => Request.ContentLength > 0 || (Request.ContentLength is null && Request.Headers.TransferEncoding.Count > 0);
}
