using Hoshi.Domain.Guidance;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// Settings of the gap plan's cost estimate (<c>Hoshi:GapCosts</c>): the hourly cost of the
/// company's own people and, per kind of work, the typical outlay per criterion (a range). Unset
/// values keep <see cref="CostSettings.Default"/>.
/// </summary>
public sealed class GapCostOptions
{
    public const string Section = "Hoshi:GapCosts";

    public decimal? HourlyRateYen { get; set; }

    /// <summary>By kind of work (WriteRule, ConfigureSystems, AdoptTool, TrainPeople).</summary>
    public Dictionary<HelpAction, OutlayOption> Outlay { get; set; } = [];

    public sealed class OutlayOption
    {
        public decimal MinYen { get; set; }

        public decimal MaxYen { get; set; }
    }

    public CostSettings ToSettings()
    {
        var outlays = CostSettings.Default.OutlayPerCriterion.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (action, range) in Outlay)
        {
            outlays[action] = new CostRange(Math.Max(0, Math.Min(range.MinYen, range.MaxYen)), Math.Max(0, Math.Max(range.MinYen, range.MaxYen)));
        }

        return new CostSettings(HourlyRateYen is > 0 and var rate ? rate : CostSettings.Default.HourlyRateYen, outlays);
    }
}
