using Wharf.Registry.Metadata;
using Wharf.Registry.Notifications;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Webhooks;

/// <summary>Registers outgoing notifications (decision 022): the webhooks' store and service (sealing with the server's
/// <see cref="SecretKeys"/>), and the two background services every node runs — delivery, and the pull notifications'
/// writer — which must come after the schema migration.</summary>
internal static class WebhooksSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SqlWebhookStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // Sealed with the build triggers' box (decision 023): one key, made or read only when first needed.
        services.AddSingleton(sp => new WebhookService(sp.GetRequiredService<SqlWebhookStore>(), () => sp.GetRequiredService<SecretKeys>().Box));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliveryWakeup>();
        services.AddSingleton<PullNotifications>();
        services.AddSingleton<WebhookRegistryEvents>();
    }

    public static void AddHostedServices(IServiceCollection services)
    {
        services.AddHostedService<WebhookDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<PullNotifications>());
    }
}
