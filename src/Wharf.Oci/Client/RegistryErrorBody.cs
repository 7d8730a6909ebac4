using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Client;

/// <summary>Reads the spec's error body, <c>{"errors":[{"code","message","detail"}]}</c>, into a
/// <see cref="RegistryException"/>; falls back on the status when the body is empty or not that shape (HEAD
/// responses, proxies, older registries).</summary>
internal static class RegistryErrorBody
{
    /// <param name="context">What was asked and of whom, e.g. "pull manifest team/app:1 at localhost:5000".</param>
    public static RegistryException ToException(byte[] body, int status, OciErrorCode notFound, string context)
    {
        var (wire, message) = FirstError(body);
        var code = (wire is null ? null : FromWire(wire, status)) ?? FromStatus(status, notFound);
        var detail = $"{context} (HTTP {status}";
        if (wire is not null && OciErrors.Code(code) != wire)
        {
            detail += $", {wire}";
        }

        if (message is not null && !string.Equals(message, OciErrors.Message(code), StringComparison.OrdinalIgnoreCase))
        {
            detail += $": {message}";
        }

        return new RegistryException(code, detail + ")");
    }

    /// <summary>The enum member for a wire code; the spec's table maps some codes to two members (416 and 413 have
    /// their own), so the status decides between them.</summary>
    public static OciErrorCode? FromWire(string wire, int status)
    {
        OciErrorCode? first = null;
        foreach (var code in Enum.GetValues<OciErrorCode>())
        {
            if (OciErrors.Code(code) != wire)
            {
                continue;
            }

            if (OciErrors.Status(code) == status)
            {
                return code;
            }

            first ??= code;
        }

        return first;
    }

    private static OciErrorCode FromStatus(int status, OciErrorCode notFound) => status switch
    {
        401 => OciErrorCode.Unauthorized,
        403 => OciErrorCode.Denied,
        404 => notFound,
        405 => OciErrorCode.Unsupported,
        413 => OciErrorCode.PayloadTooLarge,
        416 => OciErrorCode.RangeInvalid,
        429 => OciErrorCode.TooManyRequests,
        _ => OciErrorCode.Unknown,
    };

    private static (string? Code, string? Message) FirstError(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) &&
                errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 &&
                errors[0].ValueKind == JsonValueKind.Object)
            {
                var first = errors[0];
                return (Text(first, "code"), Text(first, "message"));
            }
        }
        catch (JsonException)
        {
            // Not the spec's body (an HTML error page from a proxy): the status speaks instead.
        }

        return (null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
