namespace Hoshi.Web.Features.Suppliers;

/// <summary>One bar: its label, value, where it links (a filter), and its colour class.</summary>
public sealed record Bar(string Label, int Value, string? Href, string Css);

/// <summary>A bar chart drawn as a table with SVG bars: the numbers stay readable without the picture.</summary>
public sealed record BarChart(string Caption, string LabelHeader, string ValueHeader, IReadOnlyList<Bar> Bars, string TestId);
