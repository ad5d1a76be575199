namespace Hoshi.Web.Features.Accreditation;

/// <summary>Marker for the accreditation pages' texts (AccreditationText.resx, .en.resx).</summary>
public sealed class AccreditationText;
