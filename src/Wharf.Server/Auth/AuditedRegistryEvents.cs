using Wharf.Registry.Events;

namespace Wharf.Server.Auth;

/// <summary>The registry's events go to the audit log (<see cref="AuditTrail"/>: queued, written in the background,
/// identical ones folded), with the acting account and address: how pulls, pushes and deletes are audited.</summary>
internal sealed class AuditedRegistryEvents(AuditTrail trail) : IRegistryEvents
{
    public void Record(RegistryEvent e) => trail.Record(e.Actor.Name, e.Action, e.Repository, e.Detail, e.Actor.ClientAddress);
}
