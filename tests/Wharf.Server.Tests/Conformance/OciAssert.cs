using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wharf.Server.Tests.Conformance;

/// <summary>Assertions on the distribution-spec's response shapes, with the response body in every failure message.</summary>
internal static partial class OciAssert
{
    /// <summary>distribution-spec "Error Codes": "The `code` field MUST be one of the following" (code-1 … code-14).</summary>
    public static readonly IReadOnlySet<string> SpecErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN",
        "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED",
        "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task StatusAsync(HttpResponseMessage response, HttpStatusCode expected) => StatusAsync(response, [expected]);

    public static async Task StatusAsync(HttpResponseMessage response, IReadOnlyCollection<HttpStatusCode> anyOf)
    {
        if (!anyOf.Contains(response.StatusCode))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {string.Join(" or ", anyOf.Select(s => (int)s))}, got {(int)response.StatusCode} {Truncate(body)}");
        }
    }

    /// <summary>Asserts the status and the error body; when <paramref name="codes"/> are given, at least one
    /// error must carry one of them. Returns the codes found (none for HEAD, which has no body).</summary>
    public static async Task<IReadOnlyList<string>> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, params string[] codes)
    {
        await StatusAsync(response, status);
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            return [];
        }

        var found = await ErrorBodyAsync(response, requireJson: true);
        if (codes.Length > 0)
        {
            Assert.True(found.Any(codes.Contains), $"expected an error code of {string.Join("/", codes)}, got {string.Join(",", found)}");
        }

        return found;
    }

    /// <summary>distribution-spec: "A `4XX` response code from the registry MAY return a body in any format. If the
    /// response body is in JSON format, it MUST have the following format" — checks that format and returns the codes.</summary>
    public static async Task<IReadOnlyList<string>> ErrorBodyAsync(HttpResponseMessage response, bool requireJson = false)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            Assert.True(body.Length == 0, "a HEAD response has no body");
            return [];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));
        if (!isJson)
        {
            Assert.False(requireJson, $"expected a JSON error body, got Content-Type '{mediaType}': {Truncate(body)}");
            return [];
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.True(root.TryGetProperty("errors", out var errors), $"no 'errors' member: {Truncate(body)}");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.NotEqual(0, errors.GetArrayLength());
        var codes = new List<string>();
        foreach (var error in errors.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Object, error.ValueKind);
            Assert.True(error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String, $"error without a string code: {Truncate(body)}");
            // "The `code` field MUST be a unique identifier, containing only uppercase alphabetic characters and underscores."
            Assert.Matches(CodeGrammar(), code.GetString()!);
            if (error.TryGetProperty("message", out var message))
            {
                Assert.Equal(JsonValueKind.String, message.ValueKind);
            }

            codes.Add(code.GetString()!);
        }

        return codes;
    }

    /// <summary>A response header as one string, wherever HttpClient filed it (response or content headers).</summary>
    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    public static void HeaderEqual(HttpResponseMessage response, string name, string expected) =>
        Assert.True(Header(response, name) == expected, $"header {name}: expected '{expected}', got '{Header(response, name) ?? "(absent)"}'");

    public static void NoHeader(HttpResponseMessage response, string name) =>
        Assert.True(Header(response, name) is null, $"header {name} should be absent, got '{Header(response, name)}'");

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    [GeneratedRegex("^[A-Z_]+$")]
    private static partial Regex CodeGrammar();
}
