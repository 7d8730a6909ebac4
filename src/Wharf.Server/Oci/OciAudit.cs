using Wharf.Server.Auth;

namespace Wharf.Server.Oci;

/// <summary>The audit log entries of the registry endpoints: manifest pulls (GET, not HEAD: a HEAD only checks),
/// pushes and deletes, with the token's account as actor. Nothing is recorded when auth is off.</summary>
internal static class OciAudit
{
    public static void Record(OciRequest r, string action, string detail)
    {
        if (r.Caller.Token is not null)
        {
            r.Service<AuditTrail>().Record(r.Caller.Name, action, r.Name.Value, detail, r.Http.Connection.RemoteIpAddress?.ToString());
        }
    }
}
