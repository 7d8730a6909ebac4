using Wharf.Oci;
using System.Globalization;
using Wharf.Registry.Migrate;

namespace Wharf.Server.Cli.Output;

/// <summary>What <c>wharf migrate</c> prints when it is done: where from and to, how long, the blobs, and the rows of
/// every table.</summary>
internal static class MigrationSummary
{
    public static void Write(TextWriter writer, MigrationEnd source, MigrationEnd target, MigrationReport report)
    {
        var continued = report.Resumed ? " (continuing an unfinished copy)" : "";
        writer.WriteLine($"migrated {source.Name}");
        writer.WriteLine($"      to {target.Name}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      in {report.Elapsed.TotalSeconds:0.0} s{continued}"));
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"blobs: {report.BlobsCopied} copied ({Bytes.Format(report.BytesCopied)}), {report.BlobsPresent} already there"));
        writer.WriteLine("rows:");
        var width = report.Tables.Max(t => t.Table.Length);
        foreach (var table in report.Tables)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Table.PadRight(width)}  {table.Rows,10}"));
        }
    }
}
