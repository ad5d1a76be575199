namespace Hoshi.Web.Shared;

/// <summary>One bar: its label, value, where it links (a filter), its colour class, and the value as shown (e.g. "42.0%" or "&lt;5"; the value itself when none).</summary>
public sealed record Bar(string Label, double Value, string? Href, string Css, string? Text = null);

/// <summary>A bar chart drawn as a table with SVG bars: the numbers stay readable without the picture.</summary>
public sealed record BarChart(string Caption, string LabelHeader, string ValueHeader, IReadOnlyList<Bar> Bars, string TestId, double? Max = null);

/// <summary>A plain table of figures (the table beside a chart): headers, then rows whose first cell names the row.</summary>
public sealed record DataTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<string?[]> Rows, string TestId);
