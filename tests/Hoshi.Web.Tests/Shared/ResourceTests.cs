using System.Collections;
using System.Globalization;
using System.Resources;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Every UI text exists in Japanese (the neutral resources) and in English.</summary>
public sealed class ResourceTests
{
    public static TheoryData<Type> ResourceTypes => new()
    {
        typeof(SharedText), typeof(CatalogText), typeof(Hoshi.Web.Features.Accounts.AccountsText),
        typeof(Hoshi.Web.Features.Organizations.OrganizationsText), typeof(Hoshi.Web.Features.Audit.AuditText),
        typeof(Hoshi.Web.Features.Experts.ExpertsText), typeof(Hoshi.Web.Features.Assessments.AssessmentsText), typeof(Hoshi.Web.Features.Registry.RegistryText),
    };

    /// <summary>Each feature folder's localizer; <c>S</c> is the shared one everywhere.</summary>
    public static TheoryData<string, Type> FeatureTexts => new()
    {
        { "Accounts", typeof(Hoshi.Web.Features.Accounts.AccountsText) },
        { "Catalog", typeof(CatalogText) },
        { "Organizations", typeof(Hoshi.Web.Features.Organizations.OrganizationsText) },
        { "Audit", typeof(Hoshi.Web.Features.Audit.AuditText) },
        { "Experts", typeof(Hoshi.Web.Features.Experts.ExpertsText) },
        { "Assessments", typeof(Hoshi.Web.Features.Assessments.AssessmentsText) },
        { "Registry", typeof(Hoshi.Web.Features.Registry.RegistryText) },
    };

    /// <summary>
    /// Every literal key a page or page model asks for (<c>T["Key"]</c>, <c>text["Key"]</c>,
    /// <c>S["Key"]</c>) exists; and every key built from an enum (<c>"Role_" + role</c> …) exists
    /// for each of the enum's values.
    /// </summary>
    [Theory]
    [MemberData(nameof(FeatureTexts))]
    public void EveryTextAPageAsksFor_Exists(string feature, Type type)
    {
        var folder = Path.Combine(Repository.Root, "src", "Hoshi.Web", "Features", feature);
        var own = Texts(new ResourceManager(type.FullName!, type.Assembly), CultureInfo.InvariantCulture);
        var shared = Texts(new ResourceManager(typeof(SharedText).FullName!, typeof(SharedText).Assembly), CultureInfo.InvariantCulture);
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.cs*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(source, """\b(T|text|S)\["([A-Za-z0-9_]+)"\s*[,\]]"""))
            {
                var (localizer, key) = (match.Groups[1].Value, match.Groups[2].Value);
                if (!(localizer == "S" ? shared : own).ContainsKey(key))
                {
                    missing.Add($"{Path.GetFileName(file)}: {localizer}[{key}]");
                }
            }
        }

        Assert.Empty(missing);
    }

    public static TheoryData<Type, string, Type> EnumTexts => new()
    {
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "Role_", typeof(Hoshi.Domain.Organizations.OrganizationRole) },
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "Membership_", typeof(Hoshi.Domain.Accounts.MembershipRole) },
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "Scope_", typeof(Hoshi.Domain.Accounts.ApiScope) },
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "Error_corporateNumber_", typeof(Hoshi.Domain.Organizations.CorporateNumberError) },
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "Invitation_", typeof(Hoshi.Web.Features.Organizations.InvitationProblem) },
        { typeof(Hoshi.Web.Features.Experts.ExpertsText), "Training_", typeof(Hoshi.Domain.Experts.TrainingState) },
        { typeof(Hoshi.Web.Features.Organizations.OrganizationsText), "MembershipChange_", typeof(Hoshi.Domain.Accounts.MembershipChangeProblem) },
        { typeof(Hoshi.Web.Features.Assessments.AssessmentsText), "State_", typeof(Hoshi.Domain.Assessments.AssessmentState) },
        { typeof(Hoshi.Web.Features.Assessments.AssessmentsText), "Problem_", typeof(Hoshi.Domain.Assessments.AnswerProblem) },
        { typeof(Hoshi.Web.Features.Assessments.AssessmentsText), "Verdict_", typeof(Hoshi.Domain.Assessments.Verdict) },
        { typeof(Hoshi.Web.Features.Registry.RegistryText), "State_", typeof(Hoshi.Domain.Assessments.AssessmentState) },
        { typeof(Hoshi.Web.Features.Assessments.AssessmentsText), "Expert_", typeof(Hoshi.Web.Features.Assessments.ExpertChoiceProblem) },
    };

    [Theory]
    [MemberData(nameof(EnumTexts))]
    public void EveryEnumValue_HasItsText(Type texts, string prefix, Type enumType)
    {
        var own = Texts(new ResourceManager(texts.FullName!, texts.Assembly), CultureInfo.InvariantCulture);
        var values = Enum.GetNames(enumType).Where(n => n != "None");
        var missing = values.Where(v => !own.ContainsKey(prefix + v)).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(ResourceTypes))]
    public void EveryJapaneseText_HasAnEnglishText(Type type)
    {
        var manager = new ResourceManager(type.FullName!, type.Assembly);
        var japanese = Texts(manager, CultureInfo.InvariantCulture);
        var english = Texts(manager, new CultureInfo("en"));

        Assert.NotEmpty(japanese);
        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.All(japanese.Concat(english), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture)
    {
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
