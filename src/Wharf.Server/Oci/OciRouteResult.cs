namespace Wharf.Server.Oci;

/// <summary>The outcome of <see cref="OciRoute.TryParse"/>.</summary>
public enum OciRouteResult
{
    Ok,
    NotFound,
    InvalidName,
}
