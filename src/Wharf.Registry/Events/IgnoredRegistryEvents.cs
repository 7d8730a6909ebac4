namespace Wharf.Registry.Events;

/// <summary>Events nobody keeps: a registry with auth off records no audit log (decision 007), and offline commands
/// report nothing.</summary>
public sealed class IgnoredRegistryEvents : IRegistryEvents
{
    public static IgnoredRegistryEvents Instance { get; } = new();

    public void Record(RegistryEvent e)
    {
    }
}
