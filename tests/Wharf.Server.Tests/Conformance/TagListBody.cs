using System.Text.Json.Serialization;

namespace Wharf.Server.Tests.Conformance;

/// <summary>The tags list response: <c>{"name": "&lt;name&gt;", "tags": [...]}</c>.</summary>
internal sealed record TagListBody([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);
