using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Cli.Commands;

/// <summary>The sections an offline command (<c>gc</c>, <c>keys</c>, <c>build-worker</c>: its <c>Secrets</c> open the
/// triggers' git credentials) needs, read with <c>wharf serve</c>'s precedence —
/// appsettings.json, the <c>--config</c> file, <c>WHARF_</c> environment variables, flags — and validated as serve
/// validates them, without building a web host (DESIGN: offline commands compose only the services they need).</summary>
internal sealed record OfflineSettings(
    StorageOptions Storage, DatabaseOptions Database, GarbageCollectionOptions GarbageCollection, AuthOptions Auth, BuildsOptions Builds,
    SecretsOptions Secrets, GitPullOptions GitPull)
{
    public static OfflineSettings Load(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        var configuration = builder.AddEnvironmentVariables("WHARF_").AddInMemoryCollection(flags).Build();
        return new OfflineSettings(
            Section<StorageOptions>(configuration, StorageOptions.Section),
            Section<DatabaseOptions>(configuration, DatabaseOptions.Section),
            Section<GarbageCollectionOptions>(configuration, GarbageCollectionOptions.Section),
            Section<AuthOptions>(configuration, AuthOptions.Section),
            Section<BuildsOptions>(configuration, BuildsOptions.Section),
            Section<SecretsOptions>(configuration, SecretsOptions.Section),
            Section<GitPullOptions>(configuration, GitPullOptions.Section));
    }

    private static T Section<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? options
            : throw new OptionsValidationException(section, typeof(T), [.. results.Select(r => $"{section}: {r.ErrorMessage}")]);
    }
}
