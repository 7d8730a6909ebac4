namespace Wharf.Build.Tests.Lint;

public sealed class UnpinnedPackagesTests
{
    private const string Rule = "UnpinnedPackages";

    [Theory]
    [InlineData("RUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.2-1.1", "apt-get install of curl without a version")]
    [InlineData("RUN sudo DEBIAN_FRONTEND=noninteractive apt-get -y install -o Dpkg::Options::=--force-confnew curl", "apt-get install of curl without a version")]
    [InlineData("RUN apt install -t bookworm-backports curl/bookworm-backports", "apt install of curl/bookworm-backports without a version")]
    [InlineData("RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2", "apk add of gcc without a version")]
    [InlineData("RUN pip install --no-cache-dir flask 'requests>=2' django==5.0.1", "pip install of flask, requests>=2 without a version")]
    [InlineData("RUN pip3 install -r requirements.txt gunicorn", "pip3 install of gunicorn without a version")]
    [InlineData("RUN python3 -m pip install --upgrade pip", "python3 -m pip install of pip without a version")]
    [InlineData("RUN npm install -g typescript @angular/cli@17.0.0 eslint@^8 @scope/tool", "npm install of typescript, eslint@^8, @scope/tool without a version")]
    [InlineData("RUN yarn global add serve", "yarn add of serve without a version")]
    [InlineData("RUN gem install bundler --no-document", "gem install of bundler without a version")]
    [InlineData("RUN apt-get install -y a b c d e f", "apt-get install of a, b, c, d and 2 more without a version")]
    public void An_install_by_name_alone_is_advised(string run, string message)
    {
        var advice = Assert.Single(Linted.By(Rule, "FROM debian:12@sha256:0\n" + run + "\n"));
        Assert.Equal(2, advice.Line);
        Assert.Equal(message + ": a rebuild can install different ones", advice.Message);
    }

    [Theory]
    [InlineData("RUN apt-get update && apt-get install -y --no-install-recommends x=1.2 && rm -rf /var/lib/apt/lists/*")]
    [InlineData("RUN apt-get install -y $PACKAGES ./local.deb /tmp/other.deb")]
    [InlineData("RUN apk add --no-cache curl=8.5.0-r0 'openssl>3' bash~5.2")]
    [InlineData("RUN pip install --no-cache-dir -r requirements.txt")]
    [InlineData("RUN pip install -c constraints.txt flask")]
    [InlineData("RUN pip install . ./wheels/app-1.0-py3-none-any.whl git+https://x/y@abc")]
    [InlineData("RUN npm ci")]
    [InlineData("RUN npm install")]
    [InlineData("RUN npm install --omit dev")]
    [InlineData("RUN npm install -g typescript@5.3.3 ./local user/repo")]
    [InlineData("RUN yarn install --frozen-lockfile")]
    [InlineData("RUN gem install bundler -v 2.5.4 && gem install rails:7.1.2")]
    [InlineData("RUN bundle install")]
    [InlineData("RUN echo apt-get install curl")]
    [InlineData("RUN [\"apt-get\", \"install\", \"-y\", \"curl=7.88\"]")]
    public void Pinned_or_lockfile_installs_are_not_advised(string run) =>
        Assert.Empty(Linted.By(Rule, "FROM debian:12@sha256:0\n" + run + "\n"));

    [Fact]
    public void Each_install_of_a_RUN_is_advised_on_its_own()
    {
        var advice = Linted.By(Rule, "FROM debian:12\nRUN apt-get install -y curl && pip install flask\n");
        Assert.Equal(["apt-get install", "pip install"], advice.Select(a => a.Message.Split(" of ")[0]));
    }

    [Fact]
    public void A_heredoc_script_is_checked_too()
    {
        Assert.Equal([2], Linted.Lines(Rule, "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n"));
    }
}
