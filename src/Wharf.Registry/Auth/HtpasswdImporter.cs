namespace Wharf.Registry.Auth;

/// <summary>Imports the users of an htpasswd file (what CNCF Distribution's htpasswd auth reads), keeping their bcrypt
/// hashes so a team moving to Wharf keeps its credentials. Only bcrypt lines are imported: MD5 (<c>$apr1$</c>), SHA-1
/// (<c>{SHA}</c>) and crypt hashes are too weak to carry over and are reported as skipped, with their line number.
/// Importing the same file again creates nothing new: its users are reported as existing.</summary>
public sealed class HtpasswdImporter(IAccountStore store)
{
    public async Task<HtpasswdImportReport> ImportAsync(TextReader htpasswd, CancellationToken ct)
    {
        var created = new List<string>();
        var existing = new List<string>();
        var skipped = new List<HtpasswdSkippedLine>();
        var number = 0;
        while (await htpasswd.ReadLineAsync(ct) is { } text)
        {
            number++;
            var line = text.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                skipped.Add(new HtpasswdSkippedLine(number, "", "not a user:hash line"));
                continue;
            }

            var user = line[..colon];
            var hash = line[(colon + 1)..];
            if (!PasswordHasher.IsBcrypt(hash))
            {
                skipped.Add(new HtpasswdSkippedLine(number, user, $"{Describe(hash)}: only bcrypt hashes are imported"));
                continue;
            }

            if (!AccountName.IsValid(user))
            {
                skipped.Add(new HtpasswdSkippedLine(number, user, "not a valid account name (lowercase a-z, 0-9 and single - _ . separators, 2-64 characters)"));
                continue;
            }

            switch (await store.ImportUserAsync(user, hash, ct))
            {
                case AccountChange.Done:
                    created.Add(user);
                    break;
                case AccountChange.NameTaken:
                    existing.Add(user);
                    break;
                default:
                    skipped.Add(new HtpasswdSkippedLine(number, user, "bcrypt hash with an unsupported cost (4-17 are)"));
                    break;
            }
        }

        return new HtpasswdImportReport(created, existing, skipped);
    }

    // Names the kind of hash only: the hash itself stays out of the report.
    private static string Describe(string hash) =>
        hash.StartsWith("$apr1$", StringComparison.Ordinal) ? "MD5 (apr1) hash"
        : hash.StartsWith("{SHA}", StringComparison.Ordinal) ? "SHA-1 hash"
        : hash.StartsWith("$5$", StringComparison.Ordinal) || hash.StartsWith("$6$", StringComparison.Ordinal) ? "SHA-crypt hash"
        : hash.StartsWith("$2", StringComparison.Ordinal) ? "malformed bcrypt hash"
        : hash.Length == 13 ? "DES crypt hash"
        : "unrecognised hash (or plain text)";
}
