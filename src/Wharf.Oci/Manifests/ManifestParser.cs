using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Manifests;

/// <summary>Parses and validates a manifest or index (OCI image-spec, Docker image manifest v2.2).
/// Every violation is a <see cref="RegistryException"/> with MANIFEST_INVALID or SIZE_INVALID.</summary>
public static class ManifestParser
{
    /// <summary>distribution-spec: registries SHOULD accept manifests up to 4 MiB.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    public static ParsedManifest Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        if (content.Length > MaxManifestBytes)
        {
            throw new RegistryException(OciErrorCode.PayloadTooLarge, $"manifest exceeds {MaxManifestBytes} bytes");
        }

        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw Invalid("content after the JSON document");
            }

            return Parse(document.RootElement, NormaliseContentType(contentType));
        }
        catch (JsonException e)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid, $"malformed JSON: {e.Message}");
        }
    }

    private static ParsedManifest Parse(JsonElement root, string? contentType)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("manifest must be a JSON object");
        }

        if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number ||
            !version.TryGetInt32(out var schemaVersion))
        {
            throw Invalid("schemaVersion missing");
        }

        if (schemaVersion != 2)
        {
            throw Invalid($"schemaVersion {schemaVersion} is not supported");
        }

        var bodyType = OptionalString(root, "mediaType");
        if (bodyType is not null && contentType is not null && bodyType != contentType && MediaTypes.IsManifest(contentType))
        {
            throw Invalid($"mediaType '{bodyType}' does not match Content-Type '{contentType}'");
        }

        var mediaType = bodyType ?? (contentType is not null && MediaTypes.IsManifest(contentType) ? contentType : null)
            ?? (root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        if (!MediaTypes.IsManifest(mediaType))
        {
            throw Invalid($"unsupported manifest media type '{mediaType}'");
        }

        var subject = root.TryGetProperty("subject", out var s) ? ReadDescriptor(s, "subject") : null;
        var annotations = ReadAnnotations(root);
        var artifactType = OptionalString(root, "artifactType");

        if (MediaTypes.IsIndex(mediaType))
        {
            var manifests = ReadDescriptors(root, "manifests", required: true);
            return new ParsedManifest(mediaType, null, [], manifests, subject, artifactType, annotations);
        }

        if (!root.TryGetProperty("config", out var configElement))
        {
            throw Invalid("config missing");
        }

        var config = ReadDescriptor(configElement, "config");
        var layers = ReadDescriptors(root, "layers", required: mediaType == MediaTypes.DockerManifest);
        return new ParsedManifest(mediaType, config, layers, [], subject, artifactType ?? config.MediaType, annotations);
    }

    private static string? NormaliseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }

    private static List<Descriptor> ReadDescriptors(JsonElement root, string property, bool required)
    {
        if (!root.TryGetProperty(property, out var array))
        {
            return required ? throw Invalid($"{property} missing") : [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"{property} must be an array");
        }

        return [.. array.EnumerateArray().Select((e, i) => ReadDescriptor(e, $"{property}[{i}]"))];
    }

    private static Descriptor ReadDescriptor(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{where} must be a descriptor object");
        }

        var mediaType = OptionalString(element, "mediaType") ?? throw Invalid($"{where}.mediaType missing");
        var digestText = OptionalString(element, "digest");
        if (!Digest.TryParse(digestText, out var digest))
        {
            throw Invalid($"{where}.digest '{digestText}' is not a valid digest");
        }

        if (!element.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number ||
            !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid($"{where}.size missing or negative");
        }

        IReadOnlyList<string>? urls = element.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array
            ? [.. u.EnumerateArray().Select(x => x.GetString() ?? "")]
            : null;
        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform
            {
                Architecture = OptionalString(p, "architecture") ?? "",
                Os = OptionalString(p, "os") ?? "",
                Variant = OptionalString(p, "variant"),
                OsVersion = OptionalString(p, "os.version"),
            };
        }

        var annotations = ReadAnnotations(element);
        return new Descriptor
        {
            MediaType = mediaType,
            Digest = digest,
            Size = size,
            Urls = urls,
            Platform = platform,
            ArtifactType = OptionalString(element, "artifactType"),
            Annotations = annotations.Count == 0 ? null : annotations,
        };
    }

    private static Dictionary<string, string> ReadAnnotations(JsonElement element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var a))
        {
            if (a.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("annotations must be an object of strings");
            }

            foreach (var property in a.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : throw Invalid($"annotation '{property.Name}' must be a string");
            }
        }

        return result;
    }

    private static string? OptionalString(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{property} must be a string");
    }

    private static RegistryException Invalid(string detail) => new(OciErrorCode.ManifestInvalid, detail);
}
