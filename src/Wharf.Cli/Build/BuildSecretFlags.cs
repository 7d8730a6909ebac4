namespace Wharf.Cli.Build;

/// <summary>The values of <c>wharf build --secret</c>, read as buildx reads them (util/buildflags/secrets.go, then
/// BuildKit's secretsprovider): comma-separated fields <c>id=ID</c> (required), <c>type=file|env</c>,
/// <c>src=PATH</c> (or <c>source=</c>) and <c>env=VAR</c>. A file secret is read when the build runs; an environment one
/// is taken now. With neither <c>src</c> nor <c>env</c> the secret is the variable named ID when it is set, else the file
/// ID. A later value for an id replaces an earlier one. <see cref="ToString"/> shows ids, never a value.</summary>
internal sealed class BuildSecretFlags
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>id → a file on this machine (its full path).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>id → the value of the environment variable it names.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Bad values are <see cref="ArgumentException"/>s naming them; a variable's value is never repeated.</summary>
    public static BuildSecretFlags Parse(IEnumerable<string> values, Func<string, string?> environment)
    {
        var flags = new BuildSecretFlags();
        foreach (var value in values)
        {
            string? id = null, type = null, source = null, variable = null;
            foreach (var field in value.Split(','))
            {
                var equals = field.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0)
                {
                    throw new ArgumentException($"--secret {value}: '{field}' must be KEY=VALUE (id=ID,src=FILE or id=ID,env=VARIABLE)");
                }

                var text = field[(equals + 1)..];
                switch (field[..equals].ToLowerInvariant())
                {
                    case "id":
                        id = text;
                        break;
                    case "type" when text is "file" or "env":
                        type = text;
                        break;
                    case "type":
                        throw new ArgumentException($"--secret {value}: type is file or env");
                    case "src" or "source":
                        source = text;
                        break;
                    case "env":
                        variable = text;
                        break;
                    default:
                        throw new ArgumentException($"--secret {value}: unknown field '{field[..equals]}' (id, type, src, env)");
                }
            }

            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException($"--secret {value}: id= is missing");
            }

            if (type == "env" && variable is null)
            {
                (variable, source) = (source, null);
            }

            if (source is null && variable is null)
            {
                // BuildKit: the variable named by the id when it is set, else the file of that name.
                if (environment(id) is not null)
                {
                    variable = id;
                }
                else
                {
                    source = id;
                }
            }

            flags._files.Remove(id);
            flags._values.Remove(id);
            if (variable is not null)
            {
                flags._values[id] = environment(variable) ?? throw new ArgumentException($"--secret {value}: the environment variable {variable} is not set");
            }
            else
            {
                flags._files[id] = File.Exists(source) ? Path.GetFullPath(source!) : throw new ArgumentException($"--secret {value}: {source} is not a file");
            }
        }

        return flags;
    }

    public override string ToString() =>
        $"files [{string.Join(", ", _files.Keys)}], environment [{string.Join(", ", _values.Keys)}]";
}
