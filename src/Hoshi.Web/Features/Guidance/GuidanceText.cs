namespace Hoshi.Web.Features.Guidance;

/// <summary>Marker for the guidance feature's resource files.</summary>
public sealed class GuidanceText;
