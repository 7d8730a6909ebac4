using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Auth;

/// <summary>Builds JWTs by hand, the way an attacker would: any header, any claims, any signature.</summary>
internal static class ForgedToken
{
    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static JsonObject Header(string token) => Part(token, 0);

    public static JsonObject Payload(string token) => Part(token, 1);

    /// <summary>The token with its payload replaced, the original signature kept.</summary>
    public static string WithPayload(string token, JsonObject payload)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
    }

    /// <summary>A token signed with ECDSA P-256 by <paramref name="key"/> (r‖s), header and payload as given.</summary>
    public static string SignEs256(JsonObject header, JsonObject payload, ECDsa key)
    {
        var input = $"{Encode(header)}.{Encode(payload)}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    public static string SignHs256(JsonObject header, JsonObject payload, byte[] secret)
    {
        var input = $"{Encode(header)}.{Encode(payload)}";
        return $"{input}.{Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)))}";
    }

    private static JsonObject Part(string token, int index) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[index]))!.AsObject();
}
