namespace Hoshi.Web.Shared;

/// <summary>A page of a long list: where we are, how many pages, and how to link to another page.</summary>
public sealed record Pager(int Page, int PageCount, Func<int, string> LinkTo);
