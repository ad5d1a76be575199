using System.Text.Json;

namespace Hoshi.Web.Features.Accessibility;

/// <summary>
/// The last accessibility sweep's results (tests/Hoshi.E2E/Accessibility writes them; the
/// <c>/accessibility</c> page reports them): what was checked, how, when, and what was found.
/// </summary>
/// <param name="TestedAt">When the sweep finished.</param>
/// <param name="Engine">The checking tool (axe-core) and its version.</param>
/// <param name="Browser">The browser and its version the pages were shown in.</param>
/// <param name="Tags">The axe-core rule tags checked (WCAG 2.0/2.1/2.2, levels A and AA).</param>
/// <param name="People">The demo roles (and the signed-out visitor) whose pages were checked.</param>
/// <param name="Languages">The interface languages each page was checked in.</param>
/// <param name="Widths">The window widths in CSS pixels.</param>
/// <param name="Routes">How many page routes the app has.</param>
/// <param name="Checks">How many page states were analysed (a page in one language at one width, or a form's error state).</param>
/// <param name="Violations">Violations found (0 when the sweep passed).</param>
/// <param name="Covered">The page routes checked.</param>
/// <param name="NotCovered">The page routes not checked, with the reason.</param>
public sealed record AccessibilityReport(
    DateTimeOffset TestedAt,
    string Engine,
    string Browser,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> People,
    IReadOnlyList<string> Languages,
    IReadOnlyList<int> Widths,
    int Routes,
    int Checks,
    int Violations,
    IReadOnlyList<string> Covered,
    IReadOnlyList<NotCoveredPage> NotCovered)
{
    /// <summary>Where the sweep writes the results the app ships, from the repository root.</summary>
    public const string ShippedPath = "src/Hoshi.Web/Features/Accessibility/Shipped/accessibility-results.json";

    public static string Serialize(AccessibilityReport report) => JsonSerializer.Serialize(report, Indented);

    /// <summary>The report in <paramref name="json"/>, or null when it is not one.</summary>
    public static AccessibilityReport? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<AccessibilityReport>(json, JsonSerializerOptions.Web) is { Covered: not null, NotCovered: not null } report ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };
}

/// <summary>A page route the sweep did not check, and why.</summary>
public sealed record NotCoveredPage(string Route, string Reason);

/// <summary>
/// Reads the report: from the file <c>Hoshi:Accessibility:ResultsFile</c> when set (again only when the
/// file changed), else the one shipped in the app (<c>Features/Accessibility/Shipped</c>, which the
/// sweep refreshes).
/// </summary>
public sealed class AccessibilityResults(IConfiguration configuration)
{
    private static readonly Lazy<AccessibilityReport?> Shipped = new(() =>
    {
        using var stream = typeof(AccessibilityResults).Assembly.GetManifestResourceStream("Hoshi.AccessibilityResults.json");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return AccessibilityReport.Parse(reader.ReadToEnd());
    });

    private readonly Lock _gate = new();
    private (DateTime Stamp, AccessibilityReport? Report) _cached;

    public AccessibilityReport? Load()
    {
        if (configuration["Hoshi:Accessibility:ResultsFile"] is not { Length: > 0 } path)
        {
            return Shipped.Value;
        }

        if (!File.Exists(path))
        {
            return null;
        }

        var stamp = File.GetLastWriteTimeUtc(path);
        lock (_gate)
        {
            if (_cached.Stamp == stamp)
            {
                return _cached.Report;
            }
        }

        AccessibilityReport? report;
        try
        {
            report = AccessibilityReport.Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }

        lock (_gate)
        {
            _cached = (stamp, report);
        }

        return report;
    }
}
