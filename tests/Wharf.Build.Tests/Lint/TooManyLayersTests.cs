namespace Wharf.Build.Tests.Lint;

public sealed class TooManyLayersTests
{
    private const string Rule = "TooManyLayers";

    private static string Stage(int runs, string from = "FROM scratch") =>
        from + "\n" + string.Concat(Enumerable.Range(0, runs).Select(i => $"RUN echo {i}\nENV A{i}=1\n"));

    [Fact]
    public void More_than_twenty_layers_in_a_stage_is_advised_at_the_first_one_too_many()
    {
        var advice = Assert.Single(Linted.By(Rule, Stage(21)));
        Assert.Equal(42, advice.Line);
        Assert.Equal("stage 0 makes 21 layers (RUN, COPY and ADD), more than 20: each is one more blob to push, pull and mount", advice.Message);
    }

    [Fact]
    public void Twenty_layers_and_any_number_of_other_instructions_are_not_advised() => Assert.Empty(Linted.By(Rule, Stage(20)));

    [Fact]
    public void A_stage_only_copied_from_is_not_counted() =>
        Assert.Empty(Linted.By(Rule, Stage(25, "FROM scratch AS build") + "FROM scratch\nCOPY --from=build /a /a\n"));
}
