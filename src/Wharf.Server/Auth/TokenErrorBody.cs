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
    [property: JsonPropertyName("errors")] IReadOnlyList<TokenErrorBody.Entry> Errors)
{
    public static TokenErrorBody From(TokenRequestException e) =>
        new(e.Error, e.Message, e.Message, [new Entry(Code(e), e.Message)]);

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
