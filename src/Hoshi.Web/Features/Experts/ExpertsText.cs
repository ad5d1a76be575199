namespace Hoshi.Web.Features.Experts;

/// <summary>Marker for the expert pages' texts (ExpertsText.resx, .en.resx).</summary>
public sealed class ExpertsText;
