using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth.Web;

/// <summary>Data protection's key ring read from and written to the database (<see cref="SqlDataProtectionKeyStore"/>), so
/// a session sealed by one node opens on every other. The key manager calls this rarely (at start, when it makes a key,
/// and when its cached ring expires) and synchronously, hence the blocking calls.</summary>
internal sealed class DatabaseXmlRepository(SqlDataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
