namespace Wharf.Registry.Events;

/// <summary>Each event to several sinks in turn (the audit log, the webhooks), as the one <see cref="IRegistryEvents"/>
/// the services see.</summary>
public sealed class RegistryEventSinks(IReadOnlyList<IRegistryEvents> sinks) : IRegistryEvents
{
    public void Record(RegistryEvent e)
    {
        foreach (var sink in sinks)
        {
            sink.Record(e);
        }
    }
}
