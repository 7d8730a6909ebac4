using System.Collections.Concurrent;
using Wharf.Registry.Events;

namespace Wharf.Registry.Tests.Services;

/// <summary>Keeps every event the services report, in order.</summary>
internal sealed class RecordedEvents : IRegistryEvents
{
    private readonly ConcurrentQueue<RegistryEvent> _events = new();

    public IReadOnlyList<RegistryEvent> All => [.. _events];

    public void Record(RegistryEvent e) => _events.Enqueue(e);
}
