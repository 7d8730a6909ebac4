namespace Wharf.Cli.Api;

/// <summary>A management API call that failed, with the one line a user reads (the server's ProblemDetails
/// <c>detail</c> when it sent one). <see cref="Commands.CommandRunner"/> prints the message as it is.</summary>
internal sealed class WharfApiException : Exception
{
    public WharfApiException()
    {
    }

    public WharfApiException(string message)
        : base(message)
    {
    }

    public WharfApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WharfApiException(string message, int? status)
        : base(message) => Status = status;

    /// <summary>The HTTP status the server answered; null when nothing answered.</summary>
    public int? Status { get; }
}
