namespace Hoshi.Domain.Guidance;

/// <summary>A rough cost range in yen, for a person who must ask management for a budget.</summary>
public sealed record CostRange(decimal MinYen, decimal MaxYen)
{
    public static readonly CostRange Zero = new(0, 0);

    public static CostRange operator +(CostRange a, CostRange b) => new(a.MinYen + b.MinYen, a.MaxYen + b.MaxYen);
}

/// <summary>
/// What the estimate rests on (settings): the hourly cost of the company's own people, and for each
/// kind of work the typical outlay per criterion beyond people's time (a tool or a service for a
/// year, a course), as a range from free to paid.
/// </summary>
public sealed record CostSettings(decimal HourlyRateYen, IReadOnlyDictionary<HelpAction, CostRange> OutlayPerCriterion)
{
    /// <summary>Defaults for a small company: ¥4,000 an hour; a tool from free to ¥100,000 a year, a course up to ¥20,000.</summary>
    public static readonly CostSettings Default = new(4000, new Dictionary<HelpAction, CostRange>
    {
        [HelpAction.WriteRule] = CostRange.Zero,
        [HelpAction.ConfigureSystems] = CostRange.Zero,
        [HelpAction.AdoptTool] = new(0, 100_000),
        [HelpAction.TrainPeople] = new(0, 20_000),
    });
}

/// <summary>
/// Money beside hours in the gap plan (issue 25): a range, never a quote. People's time is counted
/// from the plan's rough hours at the hourly rate, widened because the hours are rough
/// (<see cref="HoursLow"/>–<see cref="HoursHigh"/> of them), plus each criterion's typical outlay.
/// Rounded to ¥1,000 (down for the low end, up for the high end).
/// </summary>
public static class GapCosts
{
    public const decimal HoursLow = 0.75m;

    public const decimal HoursHigh = 1.5m;

    public static CostRange Of(GapGroup group, CostSettings settings)
    {
        var outlay = settings.OutlayPerCriterion.GetValueOrDefault(group.Action, CostRange.Zero);
        var people = group.Hours * settings.HourlyRateYen;
        return new CostRange(
            Math.Floor(((people * HoursLow) + (outlay.MinYen * group.Items.Count)) / 1000) * 1000,
            Math.Ceiling(((people * HoursHigh) + (outlay.MaxYen * group.Items.Count)) / 1000) * 1000);
    }

    public static CostRange Of(GapPlan plan, CostSettings settings) =>
        plan.Groups.Aggregate(CostRange.Zero, (sum, group) => sum + Of(group, settings));
}
