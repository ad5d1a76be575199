namespace Hoshi.Web.Features.Analytics;

/// <summary>Texts of the scheme owner's analytics (AnalyticsText.resx, .en.resx).</summary>
public sealed class AnalyticsText;
