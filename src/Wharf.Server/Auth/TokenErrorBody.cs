using System.Text.Json.Serialization;

namespace Wharf.Server.Auth;

/// <summary>The token endpoint's error body, in both shapes its clients read: OAuth2's <c>error</c> and
/// <c>error_description</c> (RFC 6749 §5.2, for the POST), and the registry's <c>errors</c> list, which Docker's and
/// containerd's clients print after a failed GET (<c>unauthorized: invalid username or password</c>).</summary>
public sealed record TokenErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription,
    [property: JsonPropertyName("errors")] IReadOnlyList<TokenErrorBody.Entry> Errors)
{
    public static TokenErrorBody From(TokenRequestException e) =>
        new(e.Error, e.Message, [new Entry(e.Status == 401 ? "UNAUTHORIZED" : e.Error.ToUpperInvariant(), e.Message)]);

    public sealed record Entry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message);
}
