namespace Wharf.Registry.Notifications;

/// <summary>A webhook asked for breaks one of <see cref="WebhookRules"/>; the message says which, for the person who
/// asked (the API answers it as a 400), and never repeats a header's value.</summary>
public sealed class InvalidWebhookException : Exception
{
    public InvalidWebhookException()
    {
    }

    public InvalidWebhookException(string message)
        : base(message)
    {
    }

    public InvalidWebhookException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
