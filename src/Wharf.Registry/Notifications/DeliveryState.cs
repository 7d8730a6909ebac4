namespace Wharf.Registry.Notifications;

/// <summary>Where a delivery is: waiting for its next attempt (or being sent), delivered (a 2xx answer), or failed
/// (no 2xx within <c>Notifications:MaxAttempts</c> attempts, or its webhook was disabled). Stored as the lowercase word.</summary>
public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}
