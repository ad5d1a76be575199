namespace Hoshi.Web.Features.Catalog;

/// <summary>The catalog files that travel inside Hoshi (Features/Catalog/Shipped/*.json).</summary>
public static class ShippedCatalogs
{
    private const string Prefix = "Hoshi.Catalog.";

    public static IEnumerable<(string FileName, string Json)> All()
    {
        var assembly = typeof(ShippedCatalogs).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[Prefix.Length..], reader.ReadToEnd());
        }
    }
}
