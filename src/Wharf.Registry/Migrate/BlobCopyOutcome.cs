namespace Wharf.Registry.Migrate;

/// <summary>What became of one blob of the source.</summary>
public enum BlobCopyOutcome
{
    /// <summary>Read, verified against its digest and written to the target.</summary>
    Copied,

    /// <summary>The target had it already, with the same size (a resumed run, or a shared store).</summary>
    Present,

    /// <summary>Listed by the source's store but gone when read: deleted meanwhile by the source's garbage collector.</summary>
    Vanished,
}
