namespace Wharf.Server.Ui;

/// <summary>The URLs of the UI's pages, built in one place.</summary>
internal static class UiLinks
{
    /// <summary>A repository's page. Names keep their slashes: the route is a catch-all, and the name grammar has no
    /// character a path would need escaped.</summary>
    public static string Repository(string name) => "/r/" + name;

    /// <summary>An image's page: <c>/image/NAME:TAG</c> or <c>/image/NAME@DIGEST</c>, the reference as a pull writes it.</summary>
    public static string Image(Wharf.Oci.RepositoryReference reference) => "/image/" + reference;

    /// <summary>The compare page, empty or for two references.</summary>
    public static string Compare(Wharf.Oci.RepositoryReference? from = null, Wharf.Oci.RepositoryReference? to = null) =>
        from is null || to is null ? "/compare" : $"/compare?from={Uri.EscapeDataString(from.ToString()!)}&to={Uri.EscapeDataString(to.ToString()!)}";
}
