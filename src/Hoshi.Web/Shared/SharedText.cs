namespace Hoshi.Web.Shared;

/// <summary>Marker for the UI text shared by every page (SharedText.resx: Japanese; SharedText.en.resx: English).</summary>
public sealed class SharedText;
