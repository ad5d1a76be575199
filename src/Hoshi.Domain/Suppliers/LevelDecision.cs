namespace Hoshi.Domain.Suppliers;

/// <summary>The three questions of the decision flow (モデル分岐図), each answered yes or no, or not yet.</summary>
/// <param name="ImportantConfidentialInformation">(a) The buyer's important confidential information is handled on the supplier's IT.</param>
/// <param name="UnacceptableDelay">(b) If the supplier stopped, the buyer's business would suffer an unacceptable delay.</param>
/// <param name="AccessToInternalSystems">(c) The supplier's environment can access the buyer's internal systems.</param>
/// <param name="DelayViewpoints">For (b): what was weighed (impact scope, alternative sources, inventory), in the buyer's words.</param>
public sealed record DecisionAnswers(bool? ImportantConfidentialInformation, bool? UnacceptableDelay, bool? AccessToInternalSystems, string? DelayViewpoints = null)
{
    public bool Complete => ImportantConfidentialInformation is not null && UnacceptableDelay is not null && AccessToInternalSystems is not null;

    /// <summary>Whether the yes/no answers differ (the viewpoints note alone does not re-open a decision).</summary>
    public bool DiffersFrom(DecisionAnswers other) =>
        ImportantConfidentialInformation != other.ImportantConfidentialInformation
        || UnacceptableDelay != other.UnacceptableDelay
        || AccessToInternalSystems != other.AccessToInternalSystems;
}

/// <summary>Reasons a buyer may raise the level the flow gives (to ★4).</summary>
public enum DecisionAdjustment
{
    /// <summary>Recent incidents at the supplier or at companies like it.</summary>
    RecentIncidents,

    /// <summary>The supplier relies on important sub-contractors.</summary>
    ImportantSubContractors,
}

/// <summary>What the buyer decided beyond the three answers.</summary>
public sealed record DecisionChoices(
    IReadOnlyDictionary<DecisionAdjustment, string>? Adjustments = null,
    string? AdditionalRequirements = null,
    string? OutOfScopeReason = null);

/// <summary>The outcome: the required level (none when out of scope), the flow's own level, and why.</summary>
public sealed record LevelDecisionOutcome(Level? RequiredLevel, Level FlowLevel, bool OutOfScope, IReadOnlyList<string> Basis, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>
/// The decision flow for the level a buyer requires of a supplier: ★4 when any of the three
/// questions is answered yes, else ★3; an adjustment (with its reason) raises ★3 to ★4; a
/// one-off purchase of easily substituted goods may be left out of scope (with its reason),
/// in which case no level is required. Additional requirements are free text kept with it.
/// </summary>
public static class LevelDecision
{
    public const int MaxTextLength = 2000;

    /// <summary>The level the three answers give.</summary>
    public static Level FromAnswers(bool importantConfidentialInformation, bool unacceptableDelay, bool accessToInternalSystems) =>
        importantConfidentialInformation || unacceptableDelay || accessToInternalSystems ? Level.Star4 : Level.Star3;

    /// <summary>
    /// Decides, or says what is missing. Problems are stable words: <c>answerRequired:a|b|c</c>,
    /// <c>reasonRequired:{adjustment}</c>, <c>tooLong:{field}</c>, <c>outOfScopeWithAdjustments</c>.
    /// </summary>
    public static LevelDecisionOutcome Decide(DecisionAnswers answers, DecisionChoices? choices = null)
    {
        choices ??= new DecisionChoices();
        var problems = new List<string>();
        if (answers.ImportantConfidentialInformation is null)
        {
            problems.Add("answerRequired:a");
        }

        if (answers.UnacceptableDelay is null)
        {
            problems.Add("answerRequired:b");
        }

        if (answers.AccessToInternalSystems is null)
        {
            problems.Add("answerRequired:c");
        }

        var adjustments = choices.Adjustments ?? new Dictionary<DecisionAdjustment, string>();
        foreach (var (kind, reason) in adjustments.OrderBy(a => a.Key))
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                problems.Add("reasonRequired:" + kind);
            }
            else if (reason.Trim().Length > MaxTextLength)
            {
                problems.Add("tooLong:" + kind);
            }
        }

        if (choices.AdditionalRequirements?.Trim().Length > MaxTextLength)
        {
            problems.Add("tooLong:AdditionalRequirements");
        }

        if (answers.DelayViewpoints?.Trim().Length > MaxTextLength)
        {
            problems.Add("tooLong:DelayViewpoints");
        }

        var outOfScope = !string.IsNullOrWhiteSpace(choices.OutOfScopeReason);
        if (choices.OutOfScopeReason?.Trim().Length > MaxTextLength)
        {
            problems.Add("tooLong:OutOfScopeReason");
        }

        if (outOfScope && adjustments.Count > 0)
        {
            problems.Add("outOfScopeWithAdjustments");
        }

        var basis = new List<string>();
        if (answers.ImportantConfidentialInformation == true)
        {
            basis.Add("a");
        }

        if (answers.UnacceptableDelay == true)
        {
            basis.Add("b");
        }

        if (answers.AccessToInternalSystems == true)
        {
            basis.Add("c");
        }

        var flow = basis.Count > 0 ? Level.Star4 : Level.Star3;
        if (problems.Count > 0)
        {
            return new LevelDecisionOutcome(null, flow, outOfScope, basis, problems);
        }

        if (outOfScope)
        {
            return new LevelDecisionOutcome(null, flow, true, ["outOfScope"], problems);
        }

        var required = flow;
        foreach (var kind in adjustments.Keys.Order())
        {
            basis.Add("adjustment:" + kind);
            required = Level.Star4;
        }

        return new LevelDecisionOutcome(required, flow, false, basis, problems);
    }

    /// <summary>A recorded decision is re-opened when the answers it was made on change.</summary>
    public static bool Reopens(DecisionAnswers decidedOn, DecisionAnswers now) => decidedOn.DiffersFrom(now);
}
