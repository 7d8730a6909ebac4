using System.Text.Json;

namespace Wharf.Cli.Api;

/// <summary>The management API's JSON: camelCase, enums as lowercase strings (read as plain strings here, so a value
/// a newer server adds is shown rather than refused).</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
