using System.Globalization;
using System.Text;

namespace Wharf.Build.Layers;

/// <summary>The data of a PAX extended header ('x'): records <c>"&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n"</c>, the
/// length counting the whole record including its own digits (POSIX pax, "pax Extended Header"). Records are written
/// in ordinal key order so the bytes never depend on the order fields were found to need one.</summary>
internal sealed class PaxRecords
{
    private readonly SortedDictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    public bool IsEmpty => _records.Count == 0;

    public void Add(string key, string value) => _records[key] = Encoding.UTF8.GetBytes(value);

    public void Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A binary value (an xattr) is stored as its raw bytes, as GNU tar and Go's archive/tar do.</summary>
    public void Add(string key, byte[] value) => _records[key] = value;

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        foreach (var (key, value) in _records)
        {
            var body = Encoding.UTF8.GetByteCount(key) + value.Length + 3; // space, '=', newline
            var length = body + Digits(body);
            if (Digits(length) != Digits(body))
            {
                length = body + Digits(length); // the digits themselves pushed the length over a power of ten
            }

            output.Write(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture)));
            output.WriteByte((byte)' ');
            output.Write(Encoding.UTF8.GetBytes(key));
            output.WriteByte((byte)'=');
            output.Write(value);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;
}
