using System.Text.Json.Serialization;

namespace Wharf.Registry.Notifications.Wire;

/// <summary>The node that wrote an event (Distribution's source record): its machine name and this process's id.</summary>
public sealed record EventSource(string Addr, [property: JsonPropertyName("instanceID")] string InstanceId);
