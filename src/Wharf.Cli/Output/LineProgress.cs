using System.Globalization;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Cli.Output;

/// <summary>Copy progress as one line per blob and manifest, for a log or a terminal that is not interactive
/// (progress bars would be noise there).</summary>
internal sealed class LineProgress(TextWriter writer) : ICopyProgress
{
    private readonly Lock _lock = new();

    public void BlobStarted(Descriptor blob)
    {
    }

    public void BlobAdvanced(Descriptor blob, long bytes)
    {
    }

    public void BlobFinished(Descriptor blob, BlobReuse reuse) =>
        Write($"{ShortDigest.Of(blob.Digest)}  {Bytes.Format(blob.Size),10}  {reuse switch { BlobReuse.Exists => "exists", BlobReuse.Mounted => "mounted", _ => "copied" }}");

    public void ManifestWritten(ManifestContent manifest) => Write($"{ShortDigest.Of(manifest.Digest)}  {Bytes.Format(manifest.Bytes.Length),10}  manifest written");

    private void Write(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        }
    }
}
