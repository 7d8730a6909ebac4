using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Wharf.Registry.Migrate;
using Wharf.Server;
using Wharf.Server.Options;

namespace Wharf.Server.Cli.Commands;

/// <summary>How one end of <c>wharf migrate</c> is named: <c>--from DIR</c> (a data directory: the embedded default,
/// blobs on the filesystem and <c>wharf.db</c> under it) or <c>--from-config FILE</c> (the <c>Storage</c>,
/// <c>Storage:S3</c> and <c>Database</c> sections <c>wharf serve --config</c> reads, over appsettings.json), and the
/// same for <c>--to</c>. A configuration file's end is completed by environment variables as <c>serve</c>'s is, but
/// with the end's own prefix, <c>WHARF_FROM_</c> or <c>WHARF_TO_</c> (<c>WHARF_TO_Database__ConnectionString</c>): the
/// two ends' secrets never mix, and a <c>WHARF_</c> variable set for a server on this machine reaches neither.</summary>
internal sealed class MigrateEndOptions
{
    private readonly string _role;

    public MigrateEndOptions(string flag, string role)
    {
        _role = role;
        EnvironmentPrefix = $"WHARF_{flag.ToUpperInvariant()}_";
        Directory = new Option<string?>($"--{flag}")
        {
            Description = $"The {role} as a data directory: blobs and wharf.db under it (the embedded default).",
            HelpName = "data-dir",
        };
        ConfigFile = new Option<string?>($"--{flag}-config")
        {
            Description = $"The {role} as a configuration file with the Storage and Database sections of `wharf serve --config`; " +
                $"{EnvironmentPrefix}Section__Key environment variables override it (secrets).",
            HelpName = "file",
        };
    }

    public Option<string?> Directory { get; }

    public Option<string?> ConfigFile { get; }

    public string EnvironmentPrefix { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Directory);
        command.Options.Add(ConfigFile);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(Directory) is null) == (result.GetResult(ConfigFile) is null))
            {
                result.AddError($"name the {_role} once, as {Directory.Name} DATA-DIR or {ConfigFile.Name} FILE");
            }
        });
    }

    /// <summary>Opens the end's database and blob store. A source (<paramref name="readOnly"/>) is opened for reading
    /// only; nothing is created for it.</summary>
    public MigrationEnd Open(ParseResult result, bool readOnly, TimeProvider time)
    {
        var (storage, database) = result.GetValue(Directory) is { } directory
            ? (new StorageOptions { DataDirectory = directory, Backend = "filesystem" }, new DatabaseOptions { Provider = "sqlite" })
            : Bind(result.GetValue(ConfigFile)!);
        if (storage.Backend == "memory")
        {
            throw new MigrationException($"the {_role}'s Storage:Backend is memory, which holds nothing once its process has stopped");
        }

        return new MigrationEnd(
            RegistryBackends.CreateDatabase(database, storage, readOnly),
            RegistryBackends.CreateBlobStore(storage, time),
            RegistryBackends.DescribeDatabase(database, storage),
            RegistryBackends.DescribeBlobStore(storage));
    }

    /// <summary>The file's sections over appsettings.json, under this end's environment variables, validated as
    /// <c>serve</c> validates them.</summary>
    private (StorageOptions, DatabaseOptions) Bind(string file)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.GetFullPath(file), optional: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .Build();
        return (Validated(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new(), StorageOptions.Section, file),
            Validated(configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new(), DatabaseOptions.Section, file));
    }

    private T Validated<T>(T options, string section, string file)
        where T : class
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return options;
        }

        throw new OptionsValidationException(section, typeof(T), [.. results.Select(r => $"{ConfigFile.Name} {file}: {r.ErrorMessage}")]);
    }
}
