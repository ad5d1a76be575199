using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Assessments;

/// <summary>The values of a Yes/No criterion: met, not met, not applicable.</summary>
public static class YesNo
{
    public const string Yes = "yes";
    public const string No = "no";
    public const string NotApplicable = "na";

    public static readonly IReadOnlyList<string> Values = [Yes, No, NotApplicable];
}

/// <summary>Why an answer is refused.</summary>
public enum AnswerProblem
{
    None,

    /// <summary>No answer given.</summary>
    Missing,

    /// <summary>Not one of the allowed values (yes/no/na, or the criterion's choices).</summary>
    NotAChoice,

    /// <summary>A Yes/No answer needs its supplement (document or record name and its last update date; the reason for "not applicable").</summary>
    SupplementRequired,

    TooLong,
}

/// <summary>Rules on one answer to one criterion.</summary>
public static class AnswerRules
{
    public const int MaxTextLength = 4000;
    public const int MaxSupplementLength = 2000;

    /// <summary>Checks a complete answer. An empty value is <see cref="AnswerProblem.Missing"/> (a draft may stay incomplete).</summary>
    public static AnswerProblem Check(Criterion criterion, string? value, string? supplement)
    {
        value = value?.Trim();
        supplement = supplement?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return AnswerProblem.Missing;
        }

        if (value.Length > MaxTextLength || supplement?.Length > MaxSupplementLength)
        {
            return AnswerProblem.TooLong;
        }

        return criterion.AnswerType switch
        {
            AnswerType.YesNo when !YesNo.Values.Contains(value) => AnswerProblem.NotAChoice,
            AnswerType.YesNo when string.IsNullOrEmpty(supplement) => AnswerProblem.SupplementRequired,
            AnswerType.Choice when criterion.Choices.All(c => c.Value != value) => AnswerProblem.NotAChoice,
            _ => AnswerProblem.None,
        };
    }

    /// <summary>Whether a value may be saved as a draft: empty is fine, a wrong choice or an over-long text is not.</summary>
    public static AnswerProblem CheckDraft(Criterion criterion, string? value, string? supplement)
    {
        var problem = Check(criterion, value, supplement);
        return problem is AnswerProblem.Missing or AnswerProblem.SupplementRequired ? AnswerProblem.None : problem;
    }
}

/// <summary>A criterion still to do on the sheet, and why.</summary>
public sealed record MissingItem(string CriterionId, string CategoryNo, AnswerProblem Problem);

/// <summary>Progress of one category: answered (complete) criteria of all.</summary>
public sealed record CategoryProgress(string CategoryNo, int Complete, int Total)
{
    public int Percent => Total == 0 ? 100 : Complete * 100 / Total;
}

/// <summary>How far the sheet is: per category, overall, and the list of what is still missing.</summary>
public sealed record SheetProgress(IReadOnlyList<CategoryProgress> Categories, IReadOnlyList<MissingItem> Missing)
{
    public int Complete => Categories.Sum(c => c.Complete);

    public int Total => Categories.Sum(c => c.Total);

    public int Percent => Total == 0 ? 100 : Complete * 100 / Total;

    public bool IsComplete => Missing.Count == 0;

    public static SheetProgress Of(CatalogVersion catalog, Level level, Func<string, (string? Value, string? Supplement)?> answerOf)
    {
        var missing = new List<MissingItem>();
        var categories = new List<CategoryProgress>();
        foreach (var group in catalog.SheetFor(level).GroupBy(r => r.Subcategory.CategoryNo))
        {
            int complete = 0, total = 0;
            foreach (var criterion in group.SelectMany(r => r.Criteria))
            {
                total++;
                var answer = answerOf(criterion.Id);
                var problem = AnswerRules.Check(criterion, answer?.Value, answer?.Supplement);
                if (problem == AnswerProblem.None)
                {
                    complete++;
                }
                else
                {
                    missing.Add(new MissingItem(criterion.Id, group.Key, problem));
                }
            }

            categories.Add(new CategoryProgress(group.Key, complete, total));
        }

        return new SheetProgress(categories, missing);
    }
}
