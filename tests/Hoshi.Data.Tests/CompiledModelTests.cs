using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Hoshi.Data.Tests;

/// <summary>
/// Fails when a provider's compiled model (CompiledModel/ in its migrations project, which every start
/// uses) no longer describes the model built from AppDbContext's configuration: run
/// scripts/add-migration NAME after a model change (or scripts/compile-model when no migration is due).
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<DatabaseProvider, string> Providers => new()
    {
        { DatabaseProvider.Sqlite, Path.Combine(Path.GetTempPath(), "hoshi-compiled-model.db") },
        { DatabaseProvider.Postgres, "Host=127.0.0.1;Database=hoshi_compiled_model;Username=hoshi" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_model_the_configuration_builds(DatabaseProvider provider, string target)
    {
        var setting = new DatabaseSetting(provider, target);
        using var compiled = Context(setting, compiledModel: true);
        using var built = Context(setting, compiledModel: false);

        // The compiled model is in use, and it is not the one built from the configuration.
        Assert.NotSame(compiled.Model, built.Model);
        Assert.Equal("AppDbContextModel", compiled.Model.GetType().Name);
        Assert.NotEqual("AppDbContextModel", built.Model.GetType().Name);

        // The entity types with their properties, keys, indexes, navigations and annotations, and the
        // relational model (tables, columns with store types, indexes, constraints) as SQL sees it.
        AssertSame(provider, "entity model", built.Model.ToDebugString(MetadataDebugStringOptions.LongDefault), compiled.Model.ToDebugString(MetadataDebugStringOptions.LongDefault));
        AssertSame(provider, "tables", built.Model.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault), compiled.Model.GetRelationalModel().ToDebugString(MetadataDebugStringOptions.LongDefault));
    }

    private static void AssertSame(DatabaseProvider provider, string what, string expected, string actual)
    {
        Assert.True(expected.Length > 1000, $"The {what} of {provider} says almost nothing");
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var shorter = Math.Min(expectedLines.Length, actualLines.Length);
        var first = Enumerable.Range(0, shorter).FirstOrDefault(i => expectedLines[i] != actualLines[i], shorter);
        Assert.Fail($"The {what} of the {provider} compiled model differs from the configuration's: run scripts/compile-model (or scripts/add-migration NAME when the schema changed). First difference, line {first + 1}:\n"
            + $"configuration: {expectedLines.ElementAtOrDefault(first)?.Trim()}\ncompiled:      {actualLines.ElementAtOrDefault(first)?.Trim()}");
    }

    private static AppDbContext Context(DatabaseSetting setting, bool compiledModel)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, setting, compiledModel);
        return new AppDbContext(options.Options);
    }
}
