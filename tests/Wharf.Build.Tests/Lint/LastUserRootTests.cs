namespace Wharf.Build.Tests.Lint;

public sealed class LastUserRootTests
{
    private const string Rule = "LastUserRoot";

    [Theory]
    [InlineData("FROM scratch\nUSER app\nUSER root\n", 3)]
    [InlineData("FROM scratch\nUSER 0:0\n", 2)]
    [InlineData("FROM scratch AS base\nUSER root\nFROM base\nRUN id\n", 2)]
    public void An_explicit_root_as_the_final_user_is_advised(string dockerfile, int line) =>
        Assert.Equal([line], Linted.Lines(Rule, dockerfile));

    [Theory]
    [InlineData("FROM scratch\nRUN id\n")]
    [InlineData("FROM scratch\nUSER root\nRUN apt-get install -y x=1\nUSER app\n")]
    [InlineData("FROM scratch\nUSER 1000:0\n")]
    [InlineData("FROM scratch AS build\nUSER root\nFROM scratch\nCOPY --from=build /x /x\n")]
    [InlineData("FROM scratch\nUSER root\nFROM scratch\nUSER nobody\n")]
    public void No_USER_or_a_final_non_root_USER_is_not_advised(string dockerfile) =>
        Assert.Empty(Linted.By(Rule, dockerfile));
}
