using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.CommandLine;

/// <summary>The one JSON document a command prints with <c>--json</c>: camelCase, indented, nulls left out. Types come
/// from a source-generated context (the client is compiled ahead of time: no reflection).</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a terminal, not HTML: keep '+' in media types
    };

    /// <summary>Prints <paramref name="value"/> with the contract <paramref name="types"/> generated for
    /// <typeparamref name="T"/> (it must list it) and this class's settings.</summary>
    public static void Write<T>(T value, IJsonTypeInfoResolver types)
    {
        var options = new JsonSerializerOptions(Options) { TypeInfoResolver = types };
        Console.Out.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T))));
    }

    /// <summary>Prints a document put together as nodes (property names as written).</summary>
    public static void Write(JsonNode value) => Console.Out.WriteLine(value.ToJsonString(Options));
}
