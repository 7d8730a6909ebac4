namespace Wharf.Server.Builds;

/// <summary>A build's context could not be prepared: the upload is not a tar, an entry would land outside the context,
/// a git ref does not exist. The message is the one line the build fails with; it never holds a credential.</summary>
public sealed class BuildContextException : Exception
{
    public BuildContextException()
    {
    }

    public BuildContextException(string message)
        : base(message)
    {
    }

    public BuildContextException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
