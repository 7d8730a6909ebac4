namespace Wharf.Registry.Overview;

/// <summary>One page of a listing: its items, how many there are in all (after the viewer's filter), and where it is.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public bool HasMore => (long)Page * PageSize < Total;

    public int PageCount => Total == 0 ? 0 : (int)((Total + (long)PageSize - 1) / PageSize);
}
