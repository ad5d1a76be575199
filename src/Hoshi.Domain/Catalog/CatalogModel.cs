namespace Hoshi.Domain.Catalog;

public enum CatalogStatus
{
    Draft,
    Published,
    Superseded,
}

/// <summary>How a criterion is answered: Yes/No (met / not met / not applicable), a choice, or free text.</summary>
public enum AnswerType
{
    YesNo,
    Choice,
    FreeText,
}

public sealed record CatalogLevel(Level Level, LocalizedText Name);

public sealed record CatalogCategory(string No, LocalizedText Name, IReadOnlyList<CatalogSubcategory> Subcategories);

public sealed record CatalogSubcategory(string No, string CategoryNo, LocalizedText Name);

public sealed record Choice(string Value, LocalizedText Label);

/// <summary>A reference to another framework's control; unofficial, from a third-party mapping.</summary>
public sealed record Mapping(string Framework, string Ref);

public sealed record Criterion(
    string Id,
    string RequirementNo,
    LocalizedText Text,
    IReadOnlyList<Level> Levels,
    AnswerType AnswerType,
    IReadOnlyList<Choice> Choices,
    LocalizedText? ImplementationGuidance,
    LocalizedText? EvaluationGuidance,
    LocalizedText? ExampleAnswer,
    IReadOnlyList<Mapping> Mappings)
{
    public bool AppliesTo(Level level) => Levels.Contains(level);
}

public sealed record Requirement(
    string No,
    string SubcategoryNo,
    LocalizedText? Title,
    LocalizedText Text,
    string? CsfFunction,
    IReadOnlyList<Level> Levels,
    IReadOnlyList<Criterion> Criteria)
{
    public bool AppliesTo(Level level) => Levels.Contains(level);

    public IReadOnlyList<Criterion> CriteriaFor(Level level) => [.. Criteria.Where(c => c.AppliesTo(level))];
}

/// <summary>One requirement as it appears on a level's assessment sheet: only that level's criteria.</summary>
public sealed record SheetRequirement(Requirement Requirement, CatalogSubcategory Subcategory, IReadOnlyList<Criterion> Criteria);
