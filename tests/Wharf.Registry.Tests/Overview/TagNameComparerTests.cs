using Wharf.Registry.Overview;

namespace Wharf.Registry.Tests.Overview;

public sealed class TagNameComparerTests
{
    [Theory]
    [InlineData("1.9", "1.10")]
    [InlineData("v1.9", "1.10")]
    [InlineData("1.9", "v1.10")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.0.0-rc.2", "1.0.0-rc.10")]
    [InlineData("1.0", "1.0.1")]
    [InlineData("2", "10")]
    [InlineData("007", "8")]
    [InlineData("1.2", "latest")]
    [InlineData("Alpha", "beta")]
    [InlineData("1.2", "v1.2")]
    [InlineData("3.19-alpine", "3.20-alpine")]
    public void Orders_versions_as_people_read_them(string before, string after)
    {
        Assert.True(TagNameComparer.Instance.Compare(before, after) < 0, $"{before} < {after}");
        Assert.True(TagNameComparer.Instance.Compare(after, before) > 0, $"{after} > {before}");
        Assert.Equal(0, TagNameComparer.Instance.Compare(before, before));
    }
}
