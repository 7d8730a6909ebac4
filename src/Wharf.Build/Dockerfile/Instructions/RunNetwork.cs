namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>RUN --network</c>: the default network, none, or the host's.</summary>
public enum RunNetwork
{
    Default,
    None,
    Host,
}
