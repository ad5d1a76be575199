namespace Hoshi.Web.Features.Audit;

/// <summary>Marker for the audit pages' texts (AuditText.resx, .en.resx).</summary>
public sealed class AuditText;
