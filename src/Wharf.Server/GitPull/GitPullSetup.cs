using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.GitPulls;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>Registers images built on pull (decision 025): <see cref="GitPullBuilds"/>, which the manifest GET of a
/// <c>git/…</c> tag calls, and the expiry of images nobody pulls.</summary>
internal static class GitPullSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<GitPullOptions>().BindConfiguration(GitPullOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new SqlGitPullStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GitRemotes>();
        services.AddSingleton(sp => new GitPullBuilds(
            sp.GetRequiredService<GitRemotes>(), sp.GetRequiredService<SqlGitPullStore>(), sp.GetRequiredService<SqlBuildStore>(),
            sp.GetRequiredService<ManifestService>(), sp.GetRequiredService<IOptions<GitPullOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new GitPullExpiry(sp.GetRequiredService<SqlGitPullStore>(), sp.GetRequiredService<ManifestService>()));
    }

    public static void AddHostedServices(IServiceCollection services) => services.AddHostedService<GitPullExpiryService>();

    /// <summary>The access policy with the <c>git</c> namespace written only by the registry, and the public hosts' images
    /// public (a private host's need the pull right on them: an organisation named <c>git</c>, or grants).</summary>
    public static AccessPolicy Policy(bool anonymousPull, GitPullOptions options) => options.Enabled
        ? new AccessPolicy(anonymousPull, GitPullOptions.Namespace,
            [.. options.Hosts.Where(h => !h.Value.Private).Select(h => $"{GitPullOptions.Namespace}/{h.Key}/")])
        : new AccessPolicy(anonymousPull);
}
