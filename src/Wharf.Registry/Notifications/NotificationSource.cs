namespace Wharf.Registry.Notifications;

/// <summary>This process as the source of the events it writes (Distribution's source record): the machine's name and
/// an id drawn at start, so a receiver can tell which node of several reported an event.</summary>
public static class NotificationSource
{
    public static string Address { get; } = Environment.MachineName;

    public static string InstanceId { get; } = Guid.NewGuid().ToString();
}
