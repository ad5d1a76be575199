using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Shared;

/// <summary>A lifecycle refusal in the person's language: its stable code's text (<c>Refusal_{code}</c> in SharedText), else the English text as a last resort.</summary>
public static class Refusals
{
    public static string Text(IStringLocalizer<SharedText> shared, string? code, string? argument, string? english)
    {
        if (code is null)
        {
            return english ?? "";
        }

        var text = shared["Refusal_" + code, argument ?? ""];
        return text.ResourceNotFound ? english ?? code : text.Value;
    }
}
