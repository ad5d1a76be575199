using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hoshi.Web.Features.Catalog;

public static class OscalJson
{
    /// <summary>Where Hoshi's own OSCAL names (props, parts) live unless the operator sets <c>Hoshi:OscalNamespace</c> (e.g. https://their.domain/ns/oscal).</summary>
    public const string DefaultNamespace = "urn:hoshi:oscal";

    /// <summary>The namespace of Hoshi's own props and parts in every OSCAL export (set at start from <c>Hoshi:OscalNamespace</c>).</summary>
    public static string Namespace { get; set; } = DefaultNamespace;

    /// <summary>A prop of Hoshi's own, in <see cref="Namespace"/> (OSCAL's core names such as <c>label</c> go without one).</summary>
    public static System.Text.Json.Nodes.JsonObject Prop(string name, string value) =>
        name == "label" ? new() { ["name"] = name, ["value"] = value.Trim() } : new() { ["name"] = name, ["ns"] = Namespace, ["value"] = value.Trim() };

    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };
}
