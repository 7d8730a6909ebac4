using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Oci;

/// <summary>Reads and writes a <see cref="Digest"/> as its <c>algorithm:hex</c> string; a malformed one is a JSON error.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Digest.TryParse(text, out var digest) ? digest : throw new JsonException($"invalid digest '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
