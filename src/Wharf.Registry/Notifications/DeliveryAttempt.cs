namespace Wharf.Registry.Notifications;

/// <summary>How one POST of a batch went.</summary>
/// <param name="StatusCode">The receiver's status; null when no answer came.</param>
/// <param name="Error">Why it failed (a status that is not 2xx, a refused connection, a timeout); null on success.</param>
public sealed record DeliveryAttempt(bool Delivered, int? StatusCode, string? Error, TimeSpan Duration, DateTimeOffset StartedAt);
