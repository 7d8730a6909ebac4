namespace Wharf.Build;

/// <summary>Privileges a build may be granted beyond the sandbox, as BuildKit's entitlements
/// (util/entitlements): <c>network.host</c> lets RUN steps use the host's network, <c>security.insecure</c> lets
/// <c>RUN --security=insecure</c> run with every capability and no masked or read-only paths. A build asks for them
/// (<c>wharf build --allow</c>, buildx's flag) and a builder must be set up to grant them
/// (<see cref="BuilderOptions.AllowedEntitlements"/>, buildkitd's <c>--allow-insecure-entitlement</c>).</summary>
[Flags]
public enum BuildEntitlements
{
    None = 0,
    NetworkHost = 1,
    SecurityInsecure = 2,
}
