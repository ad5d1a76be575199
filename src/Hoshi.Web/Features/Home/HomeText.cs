namespace Hoshi.Web.Features.Home;

/// <summary>The home page's texts (HomeText.resx Japanese, HomeText.en.resx English).</summary>
public sealed class HomeText;
