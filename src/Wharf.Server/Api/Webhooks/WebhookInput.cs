using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Webhooks;

/// <summary>Checks of the webhooks API's input that are the API's own (the webhook's rules are
/// <see cref="WebhookRules"/>, answered 400 through <see cref="Run{T}"/>).</summary>
internal static class WebhookInput
{
    /// <summary>What a webhook is sent when its request names no actions: everything but pulls (decision 022).</summary>
    public const WebhookActions DefaultActions = WebhookActions.Push | WebhookActions.Delete | WebhookActions.Build;

    /// <summary>The action words as bits; null when none were given.</summary>
    public static WebhookActions? Actions(IReadOnlyList<string>? words)
    {
        if (words is null)
        {
            return null;
        }

        var actions = WebhookActions.None;
        foreach (var word in words)
        {
            actions |= WebhookActionWords.Parse(word)
                ?? throw new ApiProblemException($"actions: '{word}' is not one of {string.Join(", ", WebhookActionWords.All)}");
        }

        return actions;
    }

    /// <summary>Runs a change of <see cref="WebhookService"/>, its rule violations answered 400.</summary>
    public static async Task<T> Run<T>(Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        catch (InvalidWebhookException e)
        {
            throw new ApiProblemException(e.Message);
        }
    }
}
