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

    /// <summary>A repository's build history, newest first; <paramref name="before"/> a build id for the next page.</summary>
    public static string Builds(string repository, long? before = null) =>
        "/builds?repository=" + Uri.EscapeDataString(repository) + (before is { } id ? $"&before={id}" : "");

    public static string Build(long id) => $"/builds/{id}";

    /// <summary>A build's log as text (followed while it runs with <c>?follow=true</c>), for the build page's script.</summary>
    public static string BuildLog(long id) => $"/builds/{id}/log";

    public static string Triggers(string repository) => "/triggers?repository=" + Uri.EscapeDataString(repository);

    public static string Trigger(long id) => $"/triggers/{id}";

    public static string Organisation(string name) => "/orgs/" + name;
}
