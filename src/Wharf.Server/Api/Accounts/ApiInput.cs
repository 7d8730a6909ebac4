using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Wharf.Oci;
using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Checks of the management API's input, each throwing <see cref="ApiProblemException"/> (400, or 404/409
/// for an <see cref="AccountChange"/>). Details say what rule was broken, never echo a secret.</summary>
internal static class ApiInput
{
    /// <summary>A password policy of the API's own (the store only refuses ""): short passwords are guessed.</summary>
    public const int MinPasswordLength = 8;

    public const int MaxPasswordLength = 1024;

    public const string NameRule = "lowercase a-z, 0-9 and single - _ . separators, 2-64 characters";

    public static string Name([NotNull] string? text, string field) =>
        AccountName.IsValid(text) ? text : throw new ApiProblemException($"{field} must be a valid name: {NameRule}");

    /// <summary>A user, organisation or robot name (<c>org+name</c>).</summary>
    public static string AnyAccount([NotNull] string? text, string field) =>
        AccountName.IsValidAccount(text) ? text : throw new ApiProblemException($"{field} must be a valid account name: {NameRule}, or org+name for a robot");

    public static string Repository([NotNull] string? text) =>
        RepositoryName.TryParse(text, out _)
            ? text
            : throw new ApiProblemException("repository must be a repository name: lowercase path components separated by /, like team/app");

    public static string Password([NotNull] string? text, string field) =>
        text is { Length: >= MinPasswordLength and <= MaxPasswordLength }
            ? text
            : throw new ApiProblemException($"{field} must be {MinPasswordLength} to {MaxPasswordLength} characters");

    public static T Required<T>([NotNull] T? value, string field)
        where T : struct =>
        value ?? throw new ApiProblemException($"{field} is required");

    /// <summary>An optional query parameter that is a whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long? Number(string? text, string field, long min, long max) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw new ApiProblemException($"{field} must be a whole number from {min} to {max}");

    public static DateTimeOffset? Time(string? text, string field) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw new ApiProblemException($"{field} must be a time like 2025-01-31T12:00:00Z");

    /// <summary>Nothing for Done; otherwise the problem the outcome means.</summary>
    /// <param name="subject">What the change was about, for the detail: "user 'alice'", "team 'acme/devs'".</param>
    public static void Check(AccountChange change, string subject)
    {
        if (change == AccountChange.Done)
        {
            return;
        }

        throw change switch
        {
            AccountChange.InvalidName => new ApiProblemException($"{subject}: a name is not valid ({NameRule})"),
            AccountChange.NameTaken => new ApiProblemException(ApiProblem.Conflict($"{subject}: the name is taken")),
            AccountChange.InvalidPassword => new ApiProblemException($"{subject}: the password must not be empty"),
            AccountChange.NotFound => new ApiProblemException(ApiProblem.NotFound("Not found", $"{subject}: no such account, team or token")),
            _ => new ApiProblemException($"{subject}: does not apply to an account of this kind"),
        };
    }
}
