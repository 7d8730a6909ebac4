using Wharf.Oci;

namespace Wharf.Build.Dockerfile;

/// <summary>What a build passes to the evaluator: <c>--build-arg</c> values and the build and target platforms.</summary>
public sealed record BuildInputs(IReadOnlyDictionary<string, string> BuildArgs, Platform BuildPlatform, Platform TargetPlatform)
{
    public static Platform LinuxAmd64 { get; } = new() { Os = "linux", Architecture = "amd64" };

    public static BuildInputs Default { get; } = new(new Dictionary<string, string>(), LinuxAmd64, LinuxAmd64);
}
