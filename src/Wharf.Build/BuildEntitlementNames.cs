namespace Wharf.Build;

/// <summary>BuildKit's names of the <see cref="BuildEntitlements"/>, as <c>--allow</c> takes them and errors say them.</summary>
public static class BuildEntitlementNames
{
    public const string NetworkHost = "network.host";
    public const string SecurityInsecure = "security.insecure";

    /// <summary>The entitlement <paramref name="name"/> names; an <see cref="ArgumentException"/> naming it for any
    /// other (BuildKit's <c>device</c> included: no device is passed to a step here).</summary>
    public static BuildEntitlements Parse(string name) => name switch
    {
        NetworkHost => BuildEntitlements.NetworkHost,
        SecurityInsecure => BuildEntitlements.SecurityInsecure,
        "device" => throw new ArgumentException("--allow device: devices are not supported (use network.host or security.insecure)"),
        _ => throw new ArgumentException($"--allow {name}: unknown entitlement (use network.host or security.insecure)"),
    };

    /// <summary>The names of the entitlements set in <paramref name="entitlements"/>, in BuildKit's spelling.</summary>
    public static IEnumerable<string> Of(BuildEntitlements entitlements)
    {
        if (entitlements.HasFlag(BuildEntitlements.NetworkHost))
        {
            yield return NetworkHost;
        }

        if (entitlements.HasFlag(BuildEntitlements.SecurityInsecure))
        {
            yield return SecurityInsecure;
        }
    }
}
