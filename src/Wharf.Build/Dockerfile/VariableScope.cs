namespace Wharf.Build.Dockerfile;

/// <summary>
/// The variables substitution sees inside one stage: ENV values (from the base image and the stage) win over ARG
/// values of the same name, whichever came first, as the reference says.
/// </summary>
internal sealed class VariableScope
{
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _args = new(StringComparer.Ordinal);

    public VariableScope(IEnumerable<KeyValuePair<string, string>> baseEnv)
    {
        foreach (var (key, value) in baseEnv)
        {
            _env[key] = value;
        }
    }

    public IReadOnlyDictionary<string, string> Args => _args;

    public string? Lookup(string name) => _env.TryGetValue(name, out var env) ? env : _args.GetValueOrDefault(name);

    public void SetEnv(string name, string value) => _env[name] = value;

    public void SetArg(string name, string value) => _args[name] = value;
}
