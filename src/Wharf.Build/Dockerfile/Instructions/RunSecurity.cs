namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>RUN --security</c>: sandboxed (default) or insecure (privileged).</summary>
public enum RunSecurity
{
    Sandbox,
    Insecure,
}
