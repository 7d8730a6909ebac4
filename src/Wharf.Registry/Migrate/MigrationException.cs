namespace Wharf.Registry.Migrate;

/// <summary>Why <c>wharf migrate</c> cannot go on, in words for the person who ran it (one line, what to do next).</summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
