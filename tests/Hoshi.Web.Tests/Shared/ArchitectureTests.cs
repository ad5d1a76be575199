using System.Text.RegularExpressions;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Rules about where code lives, read from the sources (issue 23).</summary>
public sealed partial class ArchitectureTests
{
    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "src", "Hoshi.Web");
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }

        throw new DirectoryNotFoundException("src/Hoshi.Web not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData(typeof(Hoshi.Data.Assessments.AssessmentRecord))]
    [InlineData(typeof(Hoshi.Data.Evaluations.EvaluationRecord))]
    [InlineData(typeof(Hoshi.Data.Registry.SuspensionProposalRecord))]
    [InlineData(typeof(Hoshi.Data.Suppliers.SupplierRequestRecord))]
    public void A_records_state_is_changed_only_by_its_own_lifecycle_methods(Type record)
    {
        // State is init-only: the compiler refuses any other assignment than when the record is made.
        var setter = record.GetProperty("State")!.SetMethod!;
        Assert.Contains(setter.ReturnParameter.GetRequiredCustomModifiers(), m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
        Assert.Contains(record.GetMethods(), m => m.DeclaringType == record && m.ReturnType == typeof(void) && m.IsPublic && !m.IsSpecialName);
    }

    [GeneratedRegex(@"RegistryEntries\s*\.\s*(Add|AddRange|Remove|RemoveRange|Update)\b|new\s+RegistryEntryRecord\b|Certificates\s*\.\s*(Add|AddRange|Remove)\b|RegistryEntries\b[^;]*ExecuteUpdate|RegistryEntries\b[^;]*ExecuteDelete")]
    private static partial Regex RegistryWrite();

    [Fact]
    public void Only_the_registry_feature_writes_registry_entries_and_certificates()
    {
        var features = Path.Combine(SourceFolder(), "Features");
        var registry = Path.Combine(features, "Registry") + Path.DirectorySeparatorChar;
        var writers = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .Where(file => RegistryWrite().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(features, file))
            .ToList();

        // The check has teeth: the registry's own book matches it.
        Assert.Contains(Path.Combine("Registry", "RegistryBook.cs"), writers);
        Assert.DoesNotContain(writers, file => !Path.Combine(features, file).StartsWith(registry, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(Evaluation|Registration|Review|Accreditation)Access\s*\.\s*May\w*\s*\(|(?<![\w.])Access\s*\.\s*May\s*\(")]
    private static partial Regex AccessRuleCall();

    [Fact]
    public void Pages_and_endpoints_ask_authorization_not_the_access_rules_themselves()
    {
        // One mechanism: a page or endpoint asks IAuthorizationService with its resource; the
        // resource handlers (and the stores that filter lists) are the only callers of the rules.
        var features = Path.Combine(SourceFolder(), "Features");
        var callers = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .Select(file => (File: Path.GetRelativePath(features, file), Text: File.ReadAllText(file)))
            .Where(f => AccessRuleCall().IsMatch(f.Text))
            .Select(f => f.File)
            .ToList();

        // The check has teeth: the handlers match it.
        Assert.Contains(Path.Combine("Evaluations", "EvaluationAuthorization.cs"), callers);
        Assert.Contains(Path.Combine("Registry", "RegistrationAuthorization.cs"), callers);
        Assert.DoesNotContain(callers, file => file.EndsWith(".cshtml.cs", StringComparison.Ordinal) || file.EndsWith("Api.cs", StringComparison.Ordinal));
    }
}
