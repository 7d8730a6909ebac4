namespace Wharf.Registry.Notifications;

/// <summary>The words of <see cref="WebhookActions"/> as the API, the CLI and the events name them: <c>push</c>,
/// <c>delete</c>, <c>pull</c>, <c>build</c>.</summary>
public static class WebhookActionWords
{
    public const string Push = "push";
    public const string Delete = "delete";
    public const string Pull = "pull";
    public const string Build = "build";

    public static IReadOnlyList<string> All { get; } = [Push, Delete, Pull, Build];

    /// <summary>The action a word names; null for any other word.</summary>
    public static WebhookActions? Parse(string word) => word switch
    {
        Push => WebhookActions.Push,
        Delete => WebhookActions.Delete,
        Pull => WebhookActions.Pull,
        Build => WebhookActions.Build,
        _ => null,
    };

    /// <summary>The words of the set bits, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Of(WebhookActions actions) =>
        [.. All.Where(word => actions.HasFlag(Parse(word)!.Value))];
}
