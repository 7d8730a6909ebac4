namespace Wharf.Server.Auth.Web;

/// <summary>Why the <see cref="WharfSchemes.Basic"/> scheme refused a request's credentials, as the failure of its
/// authentication result: malformed, wrong, or a paused login (<see cref="RetryAfter"/> set). The API turns it into its
/// 401 or 429 problem answer. The message is for the caller and never holds the secret.</summary>
internal sealed class BasicLoginRefusal(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
