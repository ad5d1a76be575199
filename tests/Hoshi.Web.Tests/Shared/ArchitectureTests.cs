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
}
