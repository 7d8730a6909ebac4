using System.Text.Json;

namespace Wharf.Registry.Inspection;

/// <summary>Reads an image config (image-spec config.md) as found: any field may be missing or of another shape than
/// the spec says (old docker, odd builders), and such a field is shown as absent rather than failing the page.</summary>
public static class ImageConfigReader
{
    public sealed record History(string? CreatedBy, string? Created, string? Comment, bool EmptyLayer);

    /// <summary>The config and its history; null when the bytes are not a JSON object.</summary>
    public static (InspectedConfig Config, IReadOnlyList<History> History)? Read(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var config = Field(root, "config") is { ValueKind: JsonValueKind.Object } c ? c : default;
            var inspected = new InspectedConfig(
                Created: Text(root, "created"),
                Author: Text(root, "author"),
                Os: Text(root, "os") ?? "",
                Architecture: Text(root, "architecture") ?? "",
                Variant: Text(root, "variant"),
                Entrypoint: Strings(config, "Entrypoint"),
                Cmd: Strings(config, "Cmd"),
                Env: Strings(config, "Env") ?? [],
                WorkingDir: Text(config, "WorkingDir") is { Length: > 0 } dir ? dir : null,
                User: Text(config, "User") is { Length: > 0 } user ? user : null,
                ExposedPorts: Keys(config, "ExposedPorts"),
                Volumes: Keys(config, "Volumes"),
                Labels: Map(config, "Labels"),
                StopSignal: Text(config, "StopSignal"));
            var history = Field(root, "history") is { ValueKind: JsonValueKind.Array } entries
                ? entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => new History(Text(e, "created_by"), Text(e, "created"), Text(e, "comment"),
                        Field(e, "empty_layer") is { ValueKind: JsonValueKind.True }))
                    .ToList()
                : [];
            return (inspected, history);
        }
    }

    private static JsonElement? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static List<string>? Strings(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : null;

    private static List<string> Keys(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.Object } map ? map.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];

    private static SortedDictionary<string, string> Map(JsonElement element, string name) =>
        new(Field(element, name) is { ValueKind: JsonValueKind.Object } map
                ? map.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : [],
            StringComparer.Ordinal);
}
