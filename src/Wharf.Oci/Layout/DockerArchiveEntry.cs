using System.Text.Json;

namespace Wharf.Oci.Layout;

/// <summary>One image of a docker archive's <c>manifest.json</c> (<c>docker save</c>'s format):
/// <c>[{"Config":"&lt;file&gt;","RepoTags":["repo:tag"],"Layers":["&lt;dir&gt;/layer.tar",…]}]</c>. Paths are members of
/// the tar: <c>&lt;id&gt;/layer.tar</c> in the classic format, <c>blobs/sha256/&lt;hex&gt;</c> since docker 25.</summary>
internal sealed record DockerArchiveEntry(string Config, IReadOnlyList<string> RepoTags, IReadOnlyList<string> Layers)
{
    public const string FileName = "manifest.json";

    /// <summary>Parses manifest.json; <see cref="InvalidDataException"/> naming <paramref name="where"/> when malformed.</summary>
    public static IReadOnlyList<DockerArchiveEntry> ParseList(byte[] json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{where} is not a JSON array of images");
            }

            return [.. document.RootElement.EnumerateArray().Select((e, i) => Parse(e, $"{where}[{i}]"))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Writes manifest.json for one image.</summary>
    public static byte[] Write(DockerArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString(nameof(Config), entry.Config);
            WriteStrings(json, nameof(RepoTags), entry.RepoTags);
            WriteStrings(json, nameof(Layers), entry.Layers);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static DockerArchiveEntry Parse(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where} is not a JSON object");
        }

        var config = element.TryGetProperty(nameof(Config), out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 } path
            ? path
            : throw new InvalidDataException($"{where}.Config is missing");
        return new DockerArchiveEntry(config, Strings(element, nameof(RepoTags), where), Strings(element, nameof(Layers), where));
    }

    /// <summary>docker writes <c>"RepoTags":null</c> for an image saved by ID; absent and null are both empty.</summary>
    private static List<string> Strings(JsonElement element, string property, string where)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String)
            ? [.. array.EnumerateArray().Select(s => s.GetString()!)]
            : throw new InvalidDataException($"{where}.{property} is not an array of strings");
    }

    private static void WriteStrings(Utf8JsonWriter json, string property, IReadOnlyList<string> values)
    {
        json.WriteStartArray(property);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
