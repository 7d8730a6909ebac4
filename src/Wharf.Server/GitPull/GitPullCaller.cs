namespace Wharf.Server.GitPull;

/// <summary>Who pulled, as a build on pull needs it: the account that becomes the build's submitter (empty for an
/// anonymous pull or a server without auth), the key its quota counts under (the account, or <c>@address</c>), and how
/// the puller reached this registry (its FROMs of this registry, and the log URL in its answers).</summary>
public sealed record GitPullCaller(string Account, string QuotaKey, string RegistryHost, string BaseUrl)
{
    public static GitPullCaller Of(string account, string? address, string host, string scheme) =>
        new(account, account.Length > 0 ? account : $"@{address ?? "unknown"}", host, $"{scheme}://{host}");
}
