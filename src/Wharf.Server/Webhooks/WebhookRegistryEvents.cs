using Wharf.Registry.Auth;
using Wharf.Registry.Events;

namespace Wharf.Server.Webhooks;

/// <summary>The webhooks' share of the registry's events, after the fact: a pull is offered to
/// <see cref="PullNotifications"/>; a push or delete was already written to the outbox in its own transaction, so it
/// only wakes this node's delivery loop.</summary>
internal sealed class WebhookRegistryEvents(PullNotifications pulls, DeliveryWakeup wakeup) : IRegistryEvents
{
    public void Record(RegistryEvent e)
    {
        if (e.Action == AuditActions.Pull)
        {
            pulls.Offer(e);
        }
        else
        {
            wakeup.Poke();
        }
    }
}
