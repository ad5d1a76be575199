using System.Collections.Concurrent;
using Hoshi.Domain.Catalog;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// Hoshi's unofficial translations of the catalog (embedded <c>Shipped/*.{language}.json</c>,
/// <c>hoshi-translation/1</c>), applied for display only: pages in English show the translated
/// requirement and criterion texts with the Japanese original beside them. The stored catalog,
/// exports and every rule keep to the official text.
/// </summary>
public sealed class CatalogTranslations
{
    private const string Prefix = "Hoshi.Translation.";
    private readonly Dictionary<(string Catalog, string Language), CatalogTranslation> _translations = [];
    private readonly ConcurrentDictionary<(CatalogVersion, string), CatalogVersion> _applied = new();

    public CatalogTranslations()
    {
        var assembly = typeof(CatalogTranslations).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var translation = CatalogTranslation.Parse(reader.ReadToEnd());
            _translations[(translation.CatalogId, translation.Language)] = translation;
        }
    }

    public CatalogTranslation? Find(string catalogId, string language) => _translations.GetValueOrDefault((catalogId, language));

    /// <summary>The catalog as shown in <paramref name="language"/>: with the translation where there is one, else as it is.</summary>
    public CatalogVersion For(CatalogVersion catalog, string language) =>
        language == LocalizedText.Japanese || Find(catalog.Id, language) is not { } translation
            ? catalog
            : _applied.GetOrAdd((catalog, language), key => translation.ApplyTo(key.Item1));
}
