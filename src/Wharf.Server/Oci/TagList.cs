using System.Text.Json.Serialization;

namespace Wharf.Server.Oci;

/// <summary>The body of a tags list response.</summary>
internal sealed record TagList([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);
