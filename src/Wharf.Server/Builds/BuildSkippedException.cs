namespace Wharf.Server.Builds;

/// <summary>A build that ends before building because of what it found, not because anything failed: a pushed commit
/// whose message says <c>[skip build]</c> when the push did not carry the message (<see cref="CommitVariables"/>). The
/// worker records it cancelled with this message as the reason, which does not count toward turning a trigger off.</summary>
public sealed class BuildSkippedException : Exception
{
    public BuildSkippedException()
    {
    }

    public BuildSkippedException(string message)
        : base(message)
    {
    }

    public BuildSkippedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
