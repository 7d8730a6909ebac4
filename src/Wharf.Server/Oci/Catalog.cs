using System.Text.Json.Serialization;

namespace Wharf.Server.Oci;

/// <summary>The body of a catalog response.</summary>
internal sealed record Catalog([property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);
