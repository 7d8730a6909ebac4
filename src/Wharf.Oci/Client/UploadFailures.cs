using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>Which failures of a blob push are worth resuming from, and which are the push's final answer.</summary>
internal static class UploadFailures
{
    /// <summary>The network, a registry hiccup (5xx, 416, a lost session) or a source that broke mid-read: resume.</summary>
    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested, // a timeout, not the caller's cancellation
        UploadInterruptedException or IOException or HttpRequestException or RegistryUnreachableException => true,
        _ => false,
    };

    /// <summary>A source's own verdict (digest mismatch, blob gone) that HttpClient wrapped while reading the body.</summary>
    public static Exception? Fatal(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is RegistryException or ImageNotFoundException)
            {
                return inner;
            }
        }

        return null;
    }

    public static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
