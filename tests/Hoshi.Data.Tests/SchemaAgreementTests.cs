using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests;

/// <summary>
/// A node that does not migrate at start compares the database's applied migrations with the ones
/// it knows: only an exact match starts; older, newer and empty schemas are refused with what to do.
/// </summary>
public sealed class SchemaAgreementTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string[] Known = ["20261204034318_Initial", "20261205000000_Second", "20261206000000_Third"];

    [Fact]
    public void The_same_migrations_agree()
    {
        var agreement = HoshiDatabase.Agreement.Of(Known, Known.Reverse());
        Assert.False(agreement.Older);
        Assert.False(agreement.Newer);
        Assert.Null(agreement.Problem());
    }

    [Fact]
    public void Missing_migrations_are_an_older_schema_to_migrate()
    {
        var agreement = HoshiDatabase.Agreement.Of(Known, Known[..1]);
        Assert.True(agreement.Older);
        Assert.False(agreement.Newer);
        Assert.Equal(["20261205000000_Second", "20261206000000_Third"], agreement.Pending);
        Assert.Contains("older than this build", agreement.Problem(), StringComparison.Ordinal);
        Assert.Contains("2 migration(s) to apply, the last 20261206000000_Third", agreement.Problem(), StringComparison.Ordinal);
        Assert.Contains("./hoshi migrate", agreement.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_migrations_are_a_newer_schema_even_with_some_missing()
    {
        var agreement = HoshiDatabase.Agreement.Of(Known[..2], [.. Known, "20270101000000_Future"]);
        Assert.True(agreement.Newer);
        Assert.Equal(["20261206000000_Third", "20270101000000_Future"], agreement.Unknown);
        Assert.Contains("newer than this build of Hoshi knows", agreement.Problem(), StringComparison.Ordinal);
        Assert.Contains("20270101000000_Future", agreement.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_database_is_told_to_migrate_once()
    {
        var agreement = HoshiDatabase.Agreement.Of(Known, []);
        Assert.True(agreement.Empty);
        Assert.Contains("no schema yet", agreement.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migrated_test_database_agrees_and_a_newer_one_is_refused_even_by_migrate()
    {
        await using var db = database.NewContext();
        await HoshiDatabase.CheckSchemaAsync(db);

        var future = "29990101000000_FromANewerBuild";
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, '10.0.15')", future);
        try
        {
            var check = await Assert.ThrowsAsync<SchemaMismatchException>(() => HoshiDatabase.CheckSchemaAsync(db));
            Assert.Contains(future, check.Message, StringComparison.Ordinal);
            var migrate = await Assert.ThrowsAsync<SchemaMismatchException>(() => HoshiDatabase.MigrateAsync(db));
            Assert.Contains("newer than this build", migrate.Message, StringComparison.Ordinal);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", future);
        }
    }
}
