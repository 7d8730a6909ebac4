using System.Text.Json.Serialization;

namespace Wharf.Registry.Notifications.Wire;

/// <summary>The request behind an event (Distribution's request record; its field names, <c>useragent</c> included).</summary>
/// <param name="Addr">The client's address.</param>
public sealed record EventRequest(
    string Id,
    string? Addr,
    string Host,
    string Method,
    [property: JsonPropertyName("useragent")] string UserAgent);
