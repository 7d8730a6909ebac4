namespace Wharf.Oci.Client;

/// <summary>The <c>Range: 0-&lt;end&gt;</c> header of an upload response (distribution-spec; some registries write
/// <c>bytes=0-&lt;end&gt;</c>), read as the number of bytes the registry holds.</summary>
internal static class UploadRange
{
    /// <summary>Bytes received: end + 1. <c>0-0</c> is read as nothing received, because registries (Distribution,
    /// Wharf) report an empty upload that way; the one-byte case it hides costs a 416 and a restart at worst.</summary>
    public static long? ReceivedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Range", out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault()?.Trim() ?? "";
        if (text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(text[..dash], out var start) && start == 0 && long.TryParse(text[(dash + 1)..], out var end) && end >= 0
            ? (end == 0 ? 0 : end + 1)
            : null;
    }
}
