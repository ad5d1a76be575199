using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hoshi.Web.Features.Catalog;

public static class OscalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };
}
