namespace Wharf.Registry.Builds;

/// <summary>Why a trigger's build was queued (the <c>reason</c> column): a webhook from the git host, a change polling
/// saw, someone's "build now", a new digest of the base image, or a retry of an earlier build.</summary>
public static class BuildReasons
{
    public const string Webhook = "webhook";
    public const string Poll = "poll";
    public const string Manual = "manual";
    public const string BaseImage = "base-image";
    public const string Retry = "retry";

    /// <summary>A pull of a <c>git/…</c> image that was not built yet (decision 025).</summary>
    public const string Pull = "pull";
}
