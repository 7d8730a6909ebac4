using System.Text.Json.Serialization;

namespace Wharf.Server.Auth;

/// <summary>Source-generated JSON for the token endpoint.</summary>
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenErrorBody))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
