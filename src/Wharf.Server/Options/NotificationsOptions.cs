using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Notifications</c>: how every node delivers the webhooks' outbox (decision 022).</summary>
public sealed class NotificationsOptions : IValidatableObject
{
    public const string Section = "Notifications";

    /// <summary>How long a receiver has to answer one POST; then the attempt has failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle node looks for due deliveries. A push or delete on this node wakes it at once; this
    /// is how soon the others, a build's end and retries are seen.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per delivery before it is failed for good (it can still be redelivered by hand).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The wait before the first retry; each retry waits twice the one before, up to <see cref="MaxRetryDelay"/>,
    /// and each wait is drawn between half and all of that, so receivers coming back are not hit all at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most registry events one POST carries (one Distribution envelope).</summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 50;

    /// <summary>POSTs this node has in flight at once.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Finished deliveries kept per webhook in its log (pending ones are always kept).</summary>
    [Range(1, 100_000)]
    public int DeliveryLogSize { get; set; } = 100;

    /// <summary>How often a node re-reads which repositories some webhook wants pulls of; a new pull webhook sees pulls
    /// through the other nodes within this time (through the node it was created on at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PullScopesRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node holds the deliveries it is sending: after this, a node that died with them is taken to
    /// be gone and another sends them again.</summary>
    public TimeSpan Lease => Timeout + TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult("Notifications:MaxRetryDelay must be at least Notifications:FirstRetryDelay", [nameof(MaxRetryDelay)]);
        }
    }
}
