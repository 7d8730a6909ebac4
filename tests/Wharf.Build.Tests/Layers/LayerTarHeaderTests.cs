using System.Formats.Tar;
using System.Text;
using Wharf.Build.Layers;

namespace Wharf.Build.Tests.Layers;

public sealed class LayerTarHeaderTests
{
    [Fact]
    public void A_name_that_splits_at_a_slash_needs_no_pax_header()
    {
        var name = new string('d', 60) + "/" + new string('f', 90);
        var header = LayerTarHeader.Encode(new LayerTarEntry(name, LayerTarEntry.Regular, 0x1A4, 0, 0, 0, 0));
        Assert.Equal(512, header.Length);
        Assert.Equal(name, Read(header).Name);
    }

    [Fact]
    public void Ids_past_seven_octal_digits_go_to_pax_and_device_numbers_to_base_256()
    {
        var header = LayerTarHeader.Encode(new LayerTarEntry("dev/big", LayerTarEntry.CharDevice, 0x1B6, 2_097_152, 2_097_151, 0, 0, null, 3_000_000, 5));
        Assert.Contains("uid=2097152\n", Encoding.ASCII.GetString(header), StringComparison.Ordinal);
        Assert.DoesNotContain(" gid=", Encoding.ASCII.GetString(header), StringComparison.Ordinal);
        var entry = (PosixTarEntry)Read(header);
        Assert.Equal((2_097_152, 2_097_151, 3_000_000, 5), (entry.Uid, entry.Gid, entry.DeviceMajor, entry.DeviceMinor));
    }

    [Fact]
    public void A_size_past_eight_GiB_goes_to_pax()
    {
        var header = LayerTarHeader.Encode(new LayerTarEntry("huge", LayerTarEntry.Regular, 0x1A4, 0, 0, 10L << 30, 0));
        Assert.Contains("size=10737418240\n", Encoding.ASCII.GetString(header), StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_mtimes_go_to_pax()
    {
        var header = LayerTarHeader.Encode(new LayerTarEntry("old", LayerTarEntry.Regular, 0x1A4, 0, 0, 0, -86_400));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(-86_400), Read(header).ModificationTime);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(90)]
    [InlineData(95)]
    [InlineData(96)]
    [InlineData(994)]
    public void Pax_record_lengths_count_their_own_digits(int valueLength)
    {
        var records = new PaxRecords();
        records.Add("k", new string('v', valueLength));
        var bytes = records.ToBytes();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.Equal(bytes.Length, int.Parse(text[..text.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Pax_header_names_are_fixed_and_ascii()
    {
        Assert.Equal("PaxHeaders/ping", LayerTarHeader.PaxHeaderName("usr/bin/ping"));
        Assert.Equal("PaxHeaders/dir", LayerTarHeader.PaxHeaderName("a/dir/"));
        Assert.Equal("PaxHeaders/na_ve", LayerTarHeader.PaxHeaderName("naïve"));
        Assert.Equal(100, LayerTarHeader.PaxHeaderName(new string('x', 300)).Length);
    }

    private static TarEntry Read(byte[] header)
    {
        using var tar = new MemoryStream([.. header, .. new byte[1024]]);
        using var reader = new TarReader(tar);
        return reader.GetNextEntry() ?? throw new InvalidDataException("no entry");
    }
}
