using System.Text.Json.Serialization;

namespace Wharf.Build.Store;

/// <summary>The JSON of the state's own records, generated at compile time like <see cref="BuildJson"/>.</summary>
[JsonSerializable(typeof(BaseImageRecord))]
internal sealed partial class StateJson : JsonSerializerContext;
