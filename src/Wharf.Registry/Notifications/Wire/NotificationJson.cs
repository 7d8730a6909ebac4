using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Registry.Notifications.Wire;

/// <summary>The events' JSON, source-generated: camelCase (with Distribution's own spellings where it has them), fields
/// without a value left out, as Distribution leaves them out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DistributionEvent))]
[JsonSerializable(typeof(BuildEvent))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class NotificationJson : JsonSerializerContext;
