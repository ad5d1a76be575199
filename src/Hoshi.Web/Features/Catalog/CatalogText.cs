namespace Hoshi.Web.Features.Catalog;

/// <summary>Marker for the catalog pages' UI text (CatalogText.resx: Japanese; CatalogText.en.resx: English).</summary>
public sealed class CatalogText;
