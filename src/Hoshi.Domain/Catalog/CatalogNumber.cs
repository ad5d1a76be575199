namespace Hoshi.Domain.Catalog;

/// <summary>
/// Orders catalog numbers such as "1-2-10" by their numeric segments, so that 1-2-9 comes
/// before 1-2-10; segments that are not numbers compare as text.
/// </summary>
public sealed class CatalogNumber : IComparer<string>
{
    public static readonly CatalogNumber Comparer = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var xs = x.Split('-');
        var ys = y.Split('-');
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            var c = long.TryParse(xs[i], out var a) && long.TryParse(ys[i], out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(xs[i], ys[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return xs.Length.CompareTo(ys.Length);
    }
}
