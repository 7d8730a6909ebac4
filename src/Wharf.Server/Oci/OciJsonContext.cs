using System.Text.Json.Serialization;

namespace Wharf.Server.Oci;

/// <summary>Source-generated JSON for the registry's response bodies.</summary>
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(Catalog))]
[JsonSerializable(typeof(ReferrersIndex))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
