namespace Wharf.Server.Ui;

/// <summary>The URLs of the UI's pages, built in one place.</summary>
internal static class UiLinks
{
    /// <summary>A repository's page. Names keep their slashes: the route is a catch-all, and the name grammar has no
    /// character a path would need escaped.</summary>
    public static string Repository(string name) => "/r/" + name;

    public static string Organisation(string name) => "/orgs/" + name;
}
