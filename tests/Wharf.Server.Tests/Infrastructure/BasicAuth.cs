using System.Net.Http.Headers;
using System.Text;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>RFC 7617 credentials as <c>docker login</c> sends them to a token endpoint, and as the accounts API takes them.</summary>
internal static class BasicAuth
{
    public static AuthenticationHeaderValue Header(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
}
