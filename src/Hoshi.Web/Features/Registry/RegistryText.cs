namespace Hoshi.Web.Features.Registry;

/// <summary>Marker for the registry and registration pages' texts (RegistryText.resx, .en.resx).</summary>
public sealed class RegistryText;
