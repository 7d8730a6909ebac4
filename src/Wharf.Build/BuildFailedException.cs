namespace Wharf.Build;

/// <summary>A build that could not finish: the message is one line naming the step (file:line: INSTRUCTION) and
/// what went wrong ("RUN exited with code 2", "base image … not found").</summary>
public sealed class BuildFailedException : Exception
{
    public BuildFailedException(string message)
        : base(message)
    {
    }

    public BuildFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public BuildFailedException()
    {
    }
}
