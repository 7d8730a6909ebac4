namespace Wharf.Build.Tests.Lint;

public sealed class CopyAllBeforeInstallTests
{
    private const string Rule = "CopyAllBeforeInstall";

    [Theory]
    [InlineData("COPY . .\nRUN npm ci", "COPY . . comes before npm ci at line 4", "copy only package.json package-lock.json first, run npm ci, then copy the rest")]
    [InlineData("COPY . /app\nRUN pip install --no-cache-dir -r requirements.txt", "COPY . /app comes before pip install at line 4", "copy only requirements.txt first, run pip install, then copy the rest")]
    [InlineData("ADD ./ /src/\nRUN go mod download", "ADD ./ /src/ comes before go mod download at line 4", "copy only go.mod go.sum first, run go mod download, then copy the rest")]
    [InlineData("COPY . .\nRUN apt-get install -y curl=7", "COPY . . comes before apt-get install at line 4", "move the apt-get install above the COPY")]
    public void Copying_the_whole_context_before_an_install_is_advised(string body, string message, string fix)
    {
        var advice = Assert.Single(Linted.By(Rule, "FROM node:20@sha256:0\nWORKDIR /app\n" + body + "\n"));
        Assert.Equal(3, advice.Line);
        Assert.Equal(message + ": any change to any file in the context runs the install again", advice.Message);
        Assert.Equal(fix, advice.Fix);
    }

    [Theory]
    [InlineData("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build")]
    [InlineData("COPY . .\nRUN pip install --no-cache-dir .")]
    [InlineData("COPY --from=build . .\nRUN npm ci")]
    [InlineData("COPY src/ ./src\nRUN npm ci")]
    public void Manifests_first_or_project_installs_are_not_advised(string body) =>
        Assert.Empty(Linted.By(Rule, "FROM node:20@sha256:0\n" + body + "\n"));

    [Fact]
    public void Each_stage_is_judged_on_its_own()
    {
        Assert.Empty(Linted.By(Rule, "FROM node:20@sha256:0 AS a\nCOPY . .\nFROM node:20@sha256:0\nRUN npm ci\n"));
    }
}
