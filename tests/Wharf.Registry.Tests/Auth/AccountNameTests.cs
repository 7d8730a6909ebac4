using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class AccountNameTests
{
    [Theory]
    [InlineData("acme+ci", true, "acme", "ci")]
    [InlineData("my-org+build.bot", true, "my-org", "build.bot")]
    [InlineData("acme+", false, null, null)]
    [InlineData("+ci", false, null, null)]
    [InlineData("acme+ci+x", false, null, null)]
    [InlineData("Acme+ci", false, null, null)]
    [InlineData("acme", false, null, null)]
    public void Robot_names_are_two_valid_names_joined_by_a_plus(string name, bool valid, string? organisation, string? robot)
    {
        Assert.Equal(valid, AccountName.TrySplitRobot(name, out var o, out var r));
        Assert.Equal((organisation, robot), (o, r));
        Assert.Equal(valid, AccountName.IsValidRobot(name));
        Assert.Equal(valid || AccountName.IsValid(name), AccountName.IsValidAccount(name));
        Assert.False(AccountName.IsValid(name) && valid);
    }

    [Fact]
    public void A_robot_name_is_built_from_its_parts()
    {
        Assert.Equal("acme+ci", AccountName.Robot("acme", "ci"));
    }
}
