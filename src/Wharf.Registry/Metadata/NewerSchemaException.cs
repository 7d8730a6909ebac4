namespace Wharf.Registry.Metadata;

/// <summary>The database was migrated by a newer Wharf than this one: serving it would mean serving a schema this build
/// does not know. The message says what to do (upgrade this node).</summary>
public sealed class NewerSchemaException : Exception
{
    public NewerSchemaException()
    {
    }

    public NewerSchemaException(string message)
        : base(message)
    {
    }

    public NewerSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
