using Wharf.Build.Lint.Rules;

namespace Wharf.Build.Tests.Lint;

public sealed class SecretsUsedInArgOrEnvTests
{
    // BuildKit's own cases (frontend/dockerfile/dockerfile_lint_test.go) and its word boundaries.
    [Theory]
    [InlineData("API_KEY", true)]
    [InlineData("apikey", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("DATABASE_PASSWORD", true)]
    [InlineData("secret_MESSAGE", true)]
    [InlineData("AUTH", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("PRIVATE_KEY", true)]
    [InlineData("DB_CREDENTIALS", true)]
    [InlineData("MYSQL_PASSWD", true)]
    [InlineData("PUBLIC_KEY", false)]
    [InlineData("PASSWORD_FILE", false)]
    [InlineData("KEY_VERSION", false)]
    [InlineData("MONKEY", false)]
    [InlineData("TOKENIZER_MODEL", false)]
    [InlineData("PASSWORDLESS", false)]
    [InlineData("SECRETARY", false)]
    [InlineData("NODE_VERSION", false)]
    public void Names_are_judged_like_BuildKit(string name, bool secret) =>
        Assert.Equal(secret, SecretsUsedInArgOrEnvRule.IsSecretName(name));

    [Fact]
    public void Global_and_stage_ARGs_and_ENV_are_advised_with_BuildKits_id()
    {
        var advice = Linted.By("SecretsUsedInArgOrEnv", "ARG NPM_TOKEN\nFROM scratch\nARG VERSION=1 API_KEY\nENV DB_PASSWORD=hunter2 MODE=prod\n");
        Assert.Equal([1, 3, 4], advice.Select(a => a.Line));
        Assert.Equal("ENV \"DB_PASSWORD\" looks like a secret: its value stays in the image's config", advice[2].Message);
        Assert.Equal("pass it with RUN --mount=type=secret,id=db_password (wharf build --secret) instead", advice[2].Fix);
    }

    [Fact]
    public void Harmless_names_are_not_advised()
    {
        Assert.Empty(Linted.By("SecretsUsedInArgOrEnv", "FROM scratch\nARG GPG_PUBLIC_KEY VERSION\nENV PATH=/bin KEYBOARD=us\n"));
    }
}
