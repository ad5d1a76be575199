using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Registry;

/// <summary>What a ★ covers of its holder: the whole organization (or group), or named parts of it.</summary>
public enum Coverage
{
    /// <summary>The whole organization (scope question 1 answered yes).</summary>
    Whole,

    /// <summary>Named departments, sites or systems only (question 1 answered no).</summary>
    Partial,
}

/// <summary>
/// How a registered scope is stated to buyers, on the entry, its certificate and the supplier
/// list. Whatever the scope, OT (制御系) and delivered products are outside the scheme, and every
/// statement says so. Certificates carry the statement from format 2 on; format 1 (before) had
/// only the one-line scope and still verifies.
/// </summary>
public static class ScopeCoverage
{
    /// <summary>The certificate format issued today (the <c>fmt</c> claim; absent means 1).</summary>
    public const int CertificateFormat = 2;

    /// <summary>What no ★ of the scheme covers (stable words, as in the certificate's <c>outsideScheme</c> claim).</summary>
    public static readonly IReadOnlyList<string> OutsideTheScheme = ["ot", "delivered-products"];

    public static Coverage Of(bool? wholeCompany) => wholeCompany == true ? Coverage.Whole : Coverage.Partial;

    /// <summary>The stable word of a coverage in certificates and the API.</summary>
    public static string Word(Coverage coverage) => coverage == Coverage.Whole ? "whole" : "partial";

    /// <summary>The one-line scope of a registry entry, in Japanese (the registry's language): 全社 or the parts, with the places.</summary>
    public static string Summary(ScopeQuestionnaire scope)
    {
        var what = scope.WholeCompany == true ? "全社" : scope.ScopeDefinition ?? "一部";
        var summary = scope.Locations is { } places ? $"{what}({places})" : what;
        return summary.Length > 2000 ? summary[..2000] : summary;
    }

    /// <summary>The format a certificate's <c>fmt</c> claim names: 1 when absent (issued before the scope was stated).</summary>
    public static int FormatOf(int? claimed) => claimed is > 0 ? claimed.Value : 1;
}
