using System.Globalization;
using System.Reflection;
using System.Resources;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Every refusal code the workflows of Hoshi.Domain can give has a Japanese and an English text
/// (issue 24): the codes are found by trying every step from every state over many combinations of
/// facts, so a new refusal without its texts fails here without anyone listing it.
/// </summary>
public sealed class RefusalTextTests
{
    private static readonly ResourceManager Shared = new(typeof(Hoshi.Web.Shared.SharedText));
    private static readonly ResourceManager Evaluations = new(typeof(Hoshi.Web.Features.Evaluations.EvaluationsText));

    /// <summary>Facts records with every combination of one field changed from all-true/zero and all-false/many, plus seeded random ones.</summary>
    private static IEnumerable<T> FactsOf<T>()
    {
        var constructor = typeof(T).GetConstructors().Single();
        var parameters = constructor.GetParameters();
        object?[] Make(Func<ParameterInfo, int, object> value) => [.. parameters.Select((p, i) => value(p, i))];
        object Good(ParameterInfo p) => p.ParameterType == typeof(bool) ? true : 0;
        object Bad(ParameterInfo p) => p.ParameterType == typeof(bool) ? false : 2;
        var random = new Random(24);
        var sets = new List<object?[]> { Make((p, _) => Good(p)), Make((p, _) => Bad(p)) };
        for (var i = 0; i < parameters.Length; i++)
        {
            sets.Add(Make((p, j) => j == i ? Bad(p) : Good(p)));
            sets.Add(Make((p, j) => j == i ? Good(p) : Bad(p)));
        }

        for (var n = 0; n < 3000; n++)
        {
            sets.Add(Make((p, _) => p.ParameterType == typeof(bool) ? random.Next(2) == 0 : random.Next(3)));
        }

        return sets.Select(values => (T)constructor.Invoke(values));
    }

    public static IReadOnlySet<string> AssessmentCodes() =>
        (from state in Enum.GetValues<AssessmentState>()
         from step in Enum.GetValues<AssessmentStep>()
         from facts in FactsOf<AssessmentLifecycle.Facts>()
         select AssessmentLifecycle.Try(state, step, facts).Code).OfType<string>().ToHashSet();

    public static IReadOnlySet<string> EvaluationCodes() =>
        (from state in Enum.GetValues<EvaluationState>()
         from step in Enum.GetValues<EvaluationStep>()
         from facts in FactsOf<EvaluationLifecycle.Facts>()
         select EvaluationLifecycle.Try(state, step, facts).Code).OfType<string>().ToHashSet();

    private static string? TextOf(ResourceManager resources, string key, CultureInfo culture) =>
        resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString("Refusal_" + key);

    [Fact]
    public void Every_workflow_refusal_code_has_a_japanese_and_an_english_text()
    {
        var codes = AssessmentCodes().Union(EvaluationCodes()).ToList();
        Assert.True(codes.Count >= 25, $"only {codes.Count} codes found: the enumeration broke");
        Assert.Contains("verdicts.missing", codes);
        Assert.Contains("evidence.Audit", codes);

        var missing = new List<string>();
        foreach (var code in codes)
        {
            // The evidence gaps are worded by the evaluation pages, every other refusal by the shared texts.
            var resources = code.StartsWith("evidence.", StringComparison.Ordinal) ? Evaluations : Shared;
            var ja = TextOf(resources, code, CultureInfo.InvariantCulture);
            var en = TextOf(resources, code, CultureInfo.GetCultureInfo("en"));
            if (string.IsNullOrWhiteSpace(ja) || string.IsNullOrWhiteSpace(en) || ja == en)
            {
                missing.Add($"{code} (ja: {ja ?? "none"}, en: {en ?? "none"})");
            }
        }

        Assert.True(missing.Count == 0, "Refusal codes without both texts: " + string.Join("; ", missing));
    }
}
