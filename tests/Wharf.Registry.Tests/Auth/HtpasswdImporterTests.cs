using Microsoft.Extensions.Time.Testing;
using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class HtpasswdImporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Imports_bcrypt_users_and_reports_every_other_line_with_its_number()
    {
        var store = await SqliteAccountStoreTests.CreateAsync(new FakeTimeProvider());
        await store.CreateOrganisationAsync("acme", null, Ct);
        var bcrypt2a = BCrypt.Net.BCrypt.HashPassword("bob's password", 4);
        // Lines as `htpasswd -nbB|-nbm|-nbs|-nbd` (Apache 2.4) write them.
        var file = $"""
            # team registry users
            alice:$2y$05$tJgUUtufj1OqFaWKwh1wsu11Umm/raucFx.egPMpVOl8JJlNqNqQK

            bob:{bcrypt2a}
            md5:$apr1$mDlH31r/$Ewwk1fITebOw7QCBT/9nz.
            sha:{"{SHA}"}GpHWL3ymc5liWkNopqtdSjuqYHM=
            des:8ImySKGGFwtHQ
            acme:{bcrypt2a}
            Upper:{bcrypt2a}
            no colon here
            alice:{bcrypt2a}
            """;

        var report = await new HtpasswdImporter(store).ImportAsync(new StringReader(file), Ct);

        Assert.Equal(["alice", "bob"], report.Created);
        Assert.Equal(["acme", "alice"], report.Existing);
        Assert.Equal(
            [
                (5, "md5", "MD5 (apr1) hash: only bcrypt hashes are imported"),
                (6, "sha", "SHA-1 hash: only bcrypt hashes are imported"),
                (7, "des", "DES crypt hash: only bcrypt hashes are imported"),
                (9, "Upper", "not a valid account name"),
                (10, "", "not a user:hash line"),
            ],
            report.Skipped.Select(s => (s.Line, s.User, s.Reason.Split(" (lowercase")[0])));
        Assert.All(report.Skipped, s => Assert.DoesNotContain("$", s.Reason, StringComparison.Ordinal));

        Assert.True(await store.VerifyPasswordAsync("alice", "s3cret!", Ct));
        Assert.True(await store.VerifyPasswordAsync("bob", "bob's password", Ct));
        Assert.Equal(AccountKind.Organisation, (await store.FindAccountAsync("acme", Ct))?.Kind);
        Assert.Null(await store.FindAccountAsync("md5", Ct));
    }

    [Fact]
    public async Task Importing_the_same_file_again_creates_nothing()
    {
        var store = await SqliteAccountStoreTests.CreateAsync(new FakeTimeProvider());
        var file = "alice:" + BCrypt.Net.BCrypt.HashPassword("pw", 4) + "\n";

        await new HtpasswdImporter(store).ImportAsync(new StringReader(file), Ct);
        var again = await new HtpasswdImporter(store).ImportAsync(new StringReader(file), Ct);

        Assert.Empty(again.Created);
        Assert.Equal(["alice"], again.Existing);
        Assert.Empty(again.Skipped);
    }
}
