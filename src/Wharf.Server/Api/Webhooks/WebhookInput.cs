using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Webhooks;

/// <summary>Checks of the webhooks API's input that are the API's own (the webhook's rules are
/// <see cref="WebhookRules"/>, answered 400 through <see cref="Run{T}"/>).</summary>
internal static class WebhookInput
{
    /// <summary>Why no webhook can be made here (PostgreSQL without <c>Secrets:Key</c>): answered 409, as triggers are.</summary>
    public const string MissingKey =
        "this server keeps no key to seal webhook secrets with: set Secrets:Key (base64 of 32 bytes, the same on every node sharing the database)";

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

    /// <summary>409 when <paramref name="service"/> cannot seal a secret on this server.</summary>
    public static void RequireKey(WebhookService service)
    {
        if (!service.CanSeal)
        {
            throw new ApiProblemException(ApiProblem.Conflict(MissingKey));
        }
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
