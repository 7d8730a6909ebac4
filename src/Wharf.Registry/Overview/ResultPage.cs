namespace Wharf.Registry.Overview;

/// <summary>One page of a listing: its items, how many there are in all (after the viewer's filter), and where it is.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public bool HasMore => (long)Page * PageSize < Total;

    public int PageCount => Total == 0 ? 0 : (int)((Total + (long)PageSize - 1) / PageSize);
}

/// <summary>Cuts pages out of whole, filtered and sorted listings.</summary>
public static class ResultPage
{
    /// <summary>The page of <paramref name="all"/> a 1-based page number and size select.</summary>
    public static ResultPage<T> Of<T>(IReadOnlyList<T> all, int page, int pageSize) =>
        new([.. all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize)], all.Count, page, pageSize);
}
