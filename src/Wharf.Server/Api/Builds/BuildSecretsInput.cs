using System.Text;
using Wharf.Build.Secrets;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Builds;

/// <summary>A submission's secrets and ssh key files, checked by <see cref="BuildSecretRules"/> (the rules
/// <c>wharf build --server</c> checks too) and sealed before they go near the database. A refusal is a 400 naming the
/// secret's id, never its value; a server that has no key to seal with answers 409.</summary>
internal static class BuildSecretsInput
{
    public const string MissingKey =
        "this server keeps no key to seal build secrets with: set Secrets:Key (base64 of 32 bytes, the same on every node and build worker sharing the database)";

    /// <summary>The JSON submission's <c>secrets</c> (id → base64 of the value) and <c>ssh</c> (id → key files as
    /// ssh-keygen writes them).</summary>
    public static BuildSecrets FromJson(IReadOnlyDictionary<string, string>? secrets, IReadOnlyDictionary<string, IReadOnlyList<string>>? ssh)
    {
        var tally = new BuildSecretTally();
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);
        var read = new BuildSecrets(values, keys);
        try
        {
            Checked(() =>
            {
                foreach (var (id, text) in secrets ?? new Dictionary<string, string>())
                {
                    var what = $"secrets.{Printable(id)}";
                    BuildSecretRules.Id(id, what);
                    // Base64 of at most the limit, before anything is decoded; the exact length after.
                    BuildSecretRules.CheckSecretSize(text.Length > (BuildSecretRules.MaxSecretBytes / 3 + 1) * 4 ? long.MaxValue : 0, what);
                    var value = values[id] = Base64(text, what);
                    BuildSecretRules.CheckSecretSize(value.Length, what);
                    tally.AddSecret(id, value.Length, what);
                }

                foreach (var (id, files) in ssh ?? new Dictionary<string, IReadOnlyList<string>>())
                {
                    var what = $"ssh.{Printable(id)}";
                    BuildSecretRules.Id(id, what);
                    if (files is not { Count: > 0 })
                    {
                        throw new ArgumentException($"{what}: give the key files as a list of private keys");
                    }

                    keys[id] = [.. files.Select(file => KeyFile(id, file, what, tally))];
                }
            });
            return read;
        }
        catch
        {
            read.Clear();
            throw;
        }
    }

    /// <summary>One key file's content (a multipart part, a JSON string): checked, with LF line ends and a final newline;
    /// counted in <paramref name="tally"/>.</summary>
    public static byte[] KeyFile(string id, string text, string what, BuildSecretTally tally)
    {
        var key = Encoding.UTF8.GetBytes(BuildSecretRules.KeyFile(text, what));
        tally.AddKeyFile(id, key.Length, what);
        return key;
    }

    /// <summary>Runs the rules' checks, making their <see cref="ArgumentException"/>s 400 answers.</summary>
    public static void Checked(Action check) => Checked(() =>
    {
        check();
        return true;
    });

    /// <summary>As <see cref="Checked(Action)"/>, with the checked value.</summary>
    public static T Checked<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ArgumentException e)
        {
            throw new ApiProblemException(e.Message);
        }
    }

    /// <summary>The rows to queue with the build (none when it has no secrets), its clear values wiped once sealed;
    /// 409 when this server has no key to seal with (PostgreSQL without <c>Secrets:Key</c>).</summary>
    public static IReadOnlyList<SealedBuildSecret> Seal(BuildSecrets secrets, SecretKeys keys)
    {
        if (secrets.IsEmpty)
        {
            return [];
        }

        try
        {
            return secrets.Seal(keys.Box ?? throw new ApiProblemException(ApiProblem.Conflict(MissingKey)));
        }
        finally
        {
            secrets.Clear();
        }
    }

    /// <summary>A name from the request as an error line may show it: printable ASCII, at most 64 characters.</summary>
    public static string Printable(string name) =>
        new([.. name.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static byte[] Base64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{what}: not base64 (a secret's value is sent as base64 of its bytes)");
        }
    }
}
