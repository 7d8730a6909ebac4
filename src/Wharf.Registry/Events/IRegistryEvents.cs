namespace Wharf.Registry.Events;

/// <summary>Where the registry services (<c>ManifestService</c>, <c>BlobService</c>) report what happened, so that every
/// front end — <c>/v2</c>, the API, the UI and the builder to come — produces the same events by calling them. Today the
/// host sends them to the audit log (with auth on) or drops them (<see cref="IgnoredRegistryEvents"/>); webhooks and
/// build triggers will read the same stream. Must not block: it is called on the request path.</summary>
public interface IRegistryEvents
{
    void Record(RegistryEvent e);
}
