namespace Wharf.Registry.Events;

/// <summary>Where the registry services (<c>ManifestService</c>, <c>BlobService</c>) report what happened, after it
/// happened, so that every front end — <c>/v2</c>, the API, the builder — produces the same events by calling them. The
/// host sends them to the audit log (with auth on) and hands pulls to the webhooks that asked for them, or drops them
/// (<see cref="IgnoredRegistryEvents"/>). Pushes and deletes reach webhooks another way: written to the outbox in the
/// transaction of the change itself (decision 022), so none is lost. Must not block: it is called on the request path.</summary>
public interface IRegistryEvents
{
    void Record(RegistryEvent e);
}
