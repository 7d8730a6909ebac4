using Microsoft.Extensions.Options;
using Wharf.Registry.Metadata;
using Wharf.Registry.Notifications;
using Wharf.Server.Options;

namespace Wharf.Server.Webhooks;

/// <summary>Registers outgoing notifications (decision 022): the webhooks' store and service, the sealer of their
/// secrets, and the two background services every node runs — delivery, and the pull notifications' writer — which
/// must come after the schema migration.</summary>
internal static class WebhooksSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SecretsOptions>>().Value.CreateSealer());
        services.AddSingleton(sp => new SqlWebhookStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebhookService>();
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
