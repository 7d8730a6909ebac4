namespace Wharf.Registry.Auth;

/// <summary>How <see cref="SqlAccountStore"/> spells enumerations and times in its columns: the API's lowercase words
/// (which the schema's CHECK constraints list) and unix milliseconds.</summary>
internal static class AuthColumns
{
    public static string Kind(AccountKind kind) => kind switch
    {
        AccountKind.User => "user",
        AccountKind.Organisation => "organisation",
        _ => "robot",
    };

    public static AccountKind Kind(string text) => text switch
    {
        "user" => AccountKind.User,
        "organisation" => AccountKind.Organisation,
        "robot" => AccountKind.Robot,
        _ => throw Corrupt("accounts.kind", text),
    };

    public static string Role(OrganisationRole role) => role == OrganisationRole.Admin ? "admin" : "member";

    public static OrganisationRole Role(string text) => text switch
    {
        "member" => OrganisationRole.Member,
        "admin" => OrganisationRole.Admin,
        _ => throw Corrupt("teams.role", text),
    };

    public static string Access(RepositoryAccess access) => access switch
    {
        RepositoryAccess.Read => "read",
        RepositoryAccess.Write => "write",
        _ => "admin",
    };

    public static RepositoryAccess Access(string text) => text switch
    {
        "read" => RepositoryAccess.Read,
        "write" => RepositoryAccess.Write,
        "admin" => RepositoryAccess.Admin,
        _ => throw Corrupt("repository_grants.access", text),
    };

    public static string? Scope(TokenScope? scope) => scope switch
    {
        null => null,
        TokenScope.Read => "read",
        TokenScope.ReadWrite => "read-write",
        _ => "delete",
    };

    public static TokenScope? Scope(string? text) => text switch
    {
        null => null,
        "read" => TokenScope.Read,
        "read-write" => TokenScope.ReadWrite,
        "delete" => TokenScope.Delete,
        _ => throw Corrupt("access_tokens.scope", text),
    };

    public static string TokenKind(AccessTokenKind kind) => kind switch
    {
        AccessTokenKind.PersonalAccessToken => "pat",
        AccessTokenKind.RobotSecret => "robot",
        _ => "refresh",
    };

    public static AccessTokenKind TokenKind(string text) => text switch
    {
        "pat" => AccessTokenKind.PersonalAccessToken,
        "robot" => AccessTokenKind.RobotSecret,
        "refresh" => AccessTokenKind.RefreshToken,
        _ => throw Corrupt("access_tokens.kind", text),
    };

    public static long Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? Time(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    // The schema's CHECK constraints keep these out; one here means the database was edited by hand.
    private static InvalidOperationException Corrupt(string column, string text) => new($"unexpected value '{text}' in {column}");
}
