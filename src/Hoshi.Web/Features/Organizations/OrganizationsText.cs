namespace Hoshi.Web.Features.Organizations;

/// <summary>Marker for the organization pages' texts (OrganizationsText.resx, .en.resx).</summary>
public sealed class OrganizationsText;
