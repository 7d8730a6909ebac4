using System.Globalization;

namespace Wharf.Oci;

/// <summary>Byte counts for people: 1023 B, 12.3 KiB, 4.5 MiB, 1.2 GiB — in the CLI's output and the builder's advice alike.</summary>
public static class Bytes
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
