using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Storage;

/// <summary>The plan S3 commits follow obeys S3's multipart rules for any mix of part sizes and covers the parts exactly.</summary>
public sealed class S3CommitPlanTests
{
    private const long MiB = 1024 * 1024;
    private const long Buffer = 8 * MiB;

    public static TheoryData<long[]> Mixes => new()
    {
        { [] },
        { [0] },
        { [1] },
        { [5 * MiB] },
        { [5 * MiB - 1, 1] },
        { [1, 5 * MiB] },
        { [4 * MiB, 5 * MiB] },
        { [4 * MiB, 6 * MiB] },
        { [4 * MiB, 10 * MiB, 1] },
        { [1, 1, 1, 9 * MiB, 1, 1] },
        { [3 * MiB, 3 * MiB, 3 * MiB, 3 * MiB, 3 * MiB] },
        { [12 * 1024 * MiB] },
        { [1, 12 * 1024 * MiB, 1] },
        { [.. Enumerable.Repeat(1 * MiB, 100)] },
        { [.. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 6 * MiB + i : 1000 + i)] },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public void Every_piece_but_the_last_is_at_least_5_MiB_none_is_over_5_GiB_and_they_cover_the_parts_in_order(long[] sizes)
    {
        var parts = sizes.Select((size, i) => new StagedPart(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), size)).ToList();

        var pieces = S3CommitPlan.Plan(parts, Buffer);

        Assert.All(pieces.SkipLast(1), p => Assert.True(p.Length >= S3CommitPlan.MinPartSize, $"a piece of {p.Length} bytes before the last"));
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, S3CommitPlan.MaxPartSize));
        Assert.All(pieces.Where(p => !p.Copy), p => Assert.True(p.Length <= Buffer, $"a read-through piece of {p.Length} bytes"));
        Assert.All(pieces.Where(p => p.Copy), p => Assert.Single(p.Ranges));
        // Copies only from parts S3 can copy whole ranges of; small parts are read through.
        Assert.All(pieces.Where(p => p.Copy), p => Assert.True(parts.Single(x => x.Id == p.Ranges[0].PartId).Length >= S3CommitPlan.MinPartSize));
        var covered = pieces.SelectMany(p => p.Ranges).ToList();
        var expected = parts.Where(p => p.Length > 0).ToList();
        var at = 0;
        foreach (var part in expected)
        {
            for (var position = 0L; position < part.Length; at++)
            {
                Assert.Equal(part.Id, covered[at].PartId);
                Assert.Equal(position, covered[at].From);
                position += covered[at].Length;
                Assert.True(position <= part.Length);
            }
        }

        Assert.Equal(covered.Count, at);
    }

    [Fact]
    public void A_blob_of_one_large_part_is_one_whole_copy()
    {
        var part = new StagedPart(new string('a', 32), 100 * MiB);

        var pieces = S3CommitPlan.Plan([part], Buffer);

        Assert.Equal([new PartRange(part.Id, 0, part.Length)], Assert.Single(pieces, p => p.Copy).Ranges);
    }
}
