using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Assessments;

/// <summary>A legal entity covered by the scope (a group's member), listed in the registry under its 法人番号.</summary>
public sealed record CoveredEntity(string Name, string CorporateNumber);

/// <summary>
/// 適用範囲に係る質問事項, as the pilot asked it (same for ★3 and ★4), with who filled it in.
/// Question 4-1 is asked only when 4 is yes; 2 and 3 only when 1 is no.
/// </summary>
public sealed record ScopeQuestionnaire
{
    /// <summary>1. Does the scope cover the whole company or its group?</summary>
    public bool? WholeCompany { get; init; }

    /// <summary>2. If not, how is the scope defined?</summary>
    public string? ScopeDefinition { get; init; }

    /// <summary>3. What protection separates the excluded parts from the scope?</summary>
    public string? ExclusionProtection { get; init; }

    /// <summary>4. Are boundary network devices to group companies / partners' internal systems in scope?</summary>
    public bool? BoundaryDevicesInScope { get; init; }

    /// <summary>4-1. If so, how are they protected?</summary>
    public string? BoundaryProtection { get; init; }

    /// <summary>5. Cloud services in scope?</summary>
    public bool? CloudInScope { get; init; }

    /// <summary>5. Personal devices (BYOD) in scope?</summary>
    public bool? ByodInScope { get; init; }

    /// <summary>5. Devices used for remote work in scope?</summary>
    public bool? RemoteWorkInScope { get; init; }

    /// <summary>6. Locations of the sites evaluated.</summary>
    public string? Locations { get; init; }

    /// <summary>Legal entities the scope covers besides the applicant itself.</summary>
    public IReadOnlyList<CoveredEntity> OtherEntities { get; init; } = [];

    public string? FillerName { get; init; }

    public string? FillerDepartment { get; init; }

    /// <summary>Years of security experience of the person filling it in.</summary>
    public int? FillerExperienceYears { get; init; }

    public string? FillerQualifications { get; init; }

    /// <summary>Difficulties met and other requests (for the scheme owner), optional.</summary>
    public string? Difficulties { get; init; }
}

/// <summary>One refused field of the scope questionnaire.</summary>
public sealed record ScopeProblem(string Field, string Code);

public static class ScopeRules
{
    public const int MaxTextLength = 2000;
    public const int MaxEntities = 200;

    /// <summary>What is missing or wrong for the questionnaire to be complete; empty when it is.</summary>
    public static IReadOnlyList<ScopeProblem> Check(ScopeQuestionnaire scope)
    {
        var problems = new List<ScopeProblem>();
        void Required(string field, object? value)
        {
            if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
            {
                problems.Add(new(field, "required"));
            }
        }

        Required(nameof(scope.WholeCompany), scope.WholeCompany);
        if (scope.WholeCompany == false)
        {
            Required(nameof(scope.ScopeDefinition), scope.ScopeDefinition);
            Required(nameof(scope.ExclusionProtection), scope.ExclusionProtection);
        }

        Required(nameof(scope.BoundaryDevicesInScope), scope.BoundaryDevicesInScope);
        if (scope.BoundaryDevicesInScope == true)
        {
            Required(nameof(scope.BoundaryProtection), scope.BoundaryProtection);
        }

        Required(nameof(scope.CloudInScope), scope.CloudInScope);
        Required(nameof(scope.ByodInScope), scope.ByodInScope);
        Required(nameof(scope.RemoteWorkInScope), scope.RemoteWorkInScope);
        Required(nameof(scope.Locations), scope.Locations);
        Required(nameof(scope.FillerName), scope.FillerName);
        Required(nameof(scope.FillerDepartment), scope.FillerDepartment);
        problems.AddRange(CheckShape(scope));
        return problems;
    }

    /// <summary>What may not be saved even in a draft: over-long texts, bad numbers, malformed entities.</summary>
    public static IReadOnlyList<ScopeProblem> CheckShape(ScopeQuestionnaire scope)
    {
        var problems = new List<ScopeProblem>();
        foreach (var (field, text) in new[]
        {
            (nameof(scope.ScopeDefinition), scope.ScopeDefinition), (nameof(scope.ExclusionProtection), scope.ExclusionProtection),
            (nameof(scope.BoundaryProtection), scope.BoundaryProtection), (nameof(scope.Locations), scope.Locations),
            (nameof(scope.FillerName), scope.FillerName), (nameof(scope.FillerDepartment), scope.FillerDepartment),
            (nameof(scope.FillerQualifications), scope.FillerQualifications), (nameof(scope.Difficulties), scope.Difficulties),
        })
        {
            if (text?.Length > MaxTextLength)
            {
                problems.Add(new(field, "tooLong"));
            }
        }

        if (scope.FillerExperienceYears is < 0 or > 80)
        {
            problems.Add(new(nameof(scope.FillerExperienceYears), "outOfRange"));
        }

        if (scope.OtherEntities.Count > MaxEntities)
        {
            problems.Add(new(nameof(scope.OtherEntities), "tooMany"));
        }

        foreach (var (entity, i) in scope.OtherEntities.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(entity.Name) || entity.Name.Length > 300)
            {
                problems.Add(new($"{nameof(scope.OtherEntities)}[{i}].Name", "required"));
            }

            if (!CorporateNumber.TryParse(entity.CorporateNumber, out _, out var error))
            {
                problems.Add(new($"{nameof(scope.OtherEntities)}[{i}].CorporateNumber", "corporateNumber." + error));
            }
        }

        if (scope.OtherEntities.Select(e => CorporateNumber.Normalize(e.CorporateNumber)).GroupBy(n => n).Any(g => g.Count() > 1))
        {
            problems.Add(new(nameof(scope.OtherEntities), "duplicate"));
        }

        return problems;
    }

    /// <summary>The unanswered follow-ups are dropped, so a changed "yes" to "no" does not keep a stale answer.</summary>
    public static ScopeQuestionnaire Normalize(ScopeQuestionnaire scope) => scope with
    {
        ScopeDefinition = scope.WholeCompany == false ? Trim(scope.ScopeDefinition) : null,
        ExclusionProtection = scope.WholeCompany == false ? Trim(scope.ExclusionProtection) : null,
        BoundaryProtection = scope.BoundaryDevicesInScope == true ? Trim(scope.BoundaryProtection) : null,
        Locations = Trim(scope.Locations),
        FillerName = Trim(scope.FillerName),
        FillerDepartment = Trim(scope.FillerDepartment),
        FillerQualifications = Trim(scope.FillerQualifications),
        Difficulties = Trim(scope.Difficulties),
        OtherEntities = [.. scope.OtherEntities.Select(e => new CoveredEntity(e.Name.Trim(), CorporateNumber.Normalize(e.CorporateNumber)))],
    };

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
