using Wharf.Oci.Errors;

namespace Wharf.Registry;

/// <summary>The operator's choices that every front end must honour, handed to the registry services (the host reads
/// them from the <c>Registry</c> configuration section).</summary>
/// <param name="DeletesEnabled">When false, manifests, tags and blobs cannot be deleted (405 UNSUPPORTED on /v2).</param>
public sealed record RegistryPolicy(bool DeletesEnabled = true)
{
    /// <summary>UNSUPPORTED unless deletes are enabled.</summary>
    public void RequireDeletes()
    {
        if (!DeletesEnabled)
        {
            throw new RegistryException(OciErrorCode.Unsupported, "deletes are disabled on this registry");
        }
    }
}
