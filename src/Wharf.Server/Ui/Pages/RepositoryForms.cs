namespace Wharf.Server.Ui.Pages;

/// <summary>The description form of the repository page: the Markdown text ("" removes it).</summary>
public sealed class DescriptionForm
{
    public string? Text { get; set; }
}

/// <summary>The visibility form: "true" to make the repository public, "false" private.</summary>
public sealed class VisibilityForm
{
    public string? Public { get; set; }
}

/// <summary>The grant form: an account (<c>alice</c>, <c>acme+ci</c>) or a team (<c>acme/devs</c>), and read, write or admin.</summary>
public sealed class GrantForm
{
    public string? Grantee { get; set; }

    public string? Access { get; set; }
}

/// <summary>The revoke button of one grant: its account or its team.</summary>
public sealed class RevokeForm
{
    public string? Account { get; set; }

    public string? Team { get; set; }
}
