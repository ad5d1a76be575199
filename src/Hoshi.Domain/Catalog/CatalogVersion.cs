using System.Collections.Frozen;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// One published version of the requirement catalog: levels, categories, requirements and
/// criteria. Immutable; build it with <see cref="CatalogReader"/>, which enforces the rules.
/// Requirements and criteria are kept in catalog-number order.
/// </summary>
public sealed class CatalogVersion
{
    private readonly FrozenDictionary<string, Requirement> _requirements;
    private readonly FrozenDictionary<string, Criterion> _criteria;
    private readonly FrozenDictionary<string, CatalogSubcategory> _subcategories;

    internal CatalogVersion(
        string id,
        string version,
        CatalogStatus status,
        DateOnly? published,
        LocalizedText title,
        string? sourceJson,
        IReadOnlyList<CatalogLevel> levels,
        IReadOnlyList<CatalogCategory> categories,
        IReadOnlyList<Requirement> requirements)
    {
        Id = id;
        Version = version;
        Status = status;
        Published = published;
        Title = title;
        SourceJson = sourceJson;
        Levels = levels;
        Categories = [.. categories.OrderBy(c => c.No, CatalogNumber.Comparer)];
        Requirements = [.. requirements.OrderBy(r => r.No, CatalogNumber.Comparer)];
        _requirements = Requirements.ToFrozenDictionary(r => r.No, StringComparer.Ordinal);
        _criteria = Requirements.SelectMany(r => r.Criteria).ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _subcategories = Categories.SelectMany(c => c.Subcategories).ToFrozenDictionary(s => s.No, StringComparer.Ordinal);
    }

    /// <summary>Stable id of this catalog version, e.g. <c>scs-2026-03</c>.</summary>
    public string Id { get; }

    /// <summary>Human label of the version, e.g. <c>2026-03-27</c>.</summary>
    public string Version { get; }

    /// <summary>The status the catalog file declared when it was imported.</summary>
    public CatalogStatus Status { get; }

    public DateOnly? Published { get; }

    public LocalizedText Title { get; }

    /// <summary>Provenance as compact JSON, free-form.</summary>
    public string? SourceJson { get; }

    public IReadOnlyList<CatalogLevel> Levels { get; }

    public IReadOnlyList<CatalogCategory> Categories { get; }

    public IReadOnlyList<Requirement> Requirements { get; }

    public IEnumerable<Criterion> AllCriteria => Requirements.SelectMany(r => r.Criteria);

    public Requirement? FindRequirement(string no) => _requirements.GetValueOrDefault(no);

    public Criterion? FindCriterion(string id) => _criteria.GetValueOrDefault(id);

    public CatalogSubcategory? FindSubcategory(string no) => _subcategories.GetValueOrDefault(no);

    public CatalogCategory CategoryOf(CatalogSubcategory subcategory) =>
        Categories.First(c => c.No == subcategory.CategoryNo);

    public bool Offers(Level level) => Levels.Any(l => l.Level == level);

    /// <summary>
    /// The assessment sheet of a level: the requirements and criteria whose levels contain it,
    /// in number order.
    /// </summary>
    public IReadOnlyList<SheetRequirement> SheetFor(Level level) =>
    [
        .. Requirements
            .Where(r => r.AppliesTo(level))
            .Select(r => new SheetRequirement(r, _subcategories[r.SubcategoryNo], r.CriteriaFor(level))),
    ];

    public int CountCriteria(Level level) => AllCriteria.Count(c => c.AppliesTo(level));

    public int CountRequirements(Level level) => Requirements.Count(r => r.AppliesTo(level));
}
