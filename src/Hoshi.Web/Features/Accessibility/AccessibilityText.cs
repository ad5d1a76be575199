namespace Hoshi.Web.Features.Accessibility;

/// <summary>The accessibility page's texts (AccessibilityText.resx Japanese, AccessibilityText.en.resx English).</summary>
public sealed class AccessibilityText;
