using System.Text.Json.Serialization;

namespace Wharf.Server.Auth;

/// <summary>The token endpoint's error body, in every shape its clients read: OAuth2's <c>error</c> and
/// <c>error_description</c> (RFC 6749 §5.2, for the POST), the registry's <c>errors</c> list, which Docker's and
/// containerd's clients print after a failed GET (<c>unauthorized: invalid username or password</c>), and the legacy
/// <c>details</c> that Docker's client reads first and prints with the status (<c>toomanyrequests: …</c> on a 429).</summary>
public sealed record TokenErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription,
    [property: JsonPropertyName("details")] string Details,
    [property: JsonPropertyName("errors")] IReadOnlyList<TokenErrorBody.Entry> Errors,
    [property: JsonPropertyName("request_id")] string RequestId)
{
    /// <param name="requestId">The request's id (<c>X-Request-Id</c>): an extra member, which OAuth2 clients ignore.</param>
    public static TokenErrorBody From(TokenRequestException e, string requestId) =>
        new(e.Error, e.Message, e.Message, [new Entry(Code(e), e.Message)], requestId);

    private static string Code(TokenRequestException e) => e.Status switch
    {
        401 => "UNAUTHORIZED",
        429 => "TOOMANYREQUESTS",
        _ => e.Error.ToUpperInvariant(),
    };

    public sealed record Entry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message);
}
