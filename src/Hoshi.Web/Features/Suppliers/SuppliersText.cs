namespace Hoshi.Web.Features.Suppliers;

/// <summary>Marker for the supplier portfolio's texts (SuppliersText.resx, .en.resx).</summary>
public sealed class SuppliersText;
