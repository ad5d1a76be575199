using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data.Tests;

/// <summary>Fails when the model changed without a migration for a provider (run scripts/add-migration NAME).</summary>
public sealed class PendingModelChangesTests
{
    [Fact]
    public void Sqlite_HasAMigrationForEveryModelChange()
    {
        using var db = new Hoshi.Data.Sqlite.DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "SQLite has model changes without a migration: run scripts/add-migration NAME");
    }

    [Fact]
    public void Postgres_HasAMigrationForEveryModelChange()
    {
        using var db = new Hoshi.Data.Postgres.DesignTimeDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "PostgreSQL has model changes without a migration: run scripts/add-migration NAME");
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrations()
    {
        static IEnumerable<string> Names(DbContext db) =>
            db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        using var sqlite = new Hoshi.Data.Sqlite.DesignTimeDbContextFactory().CreateDbContext([]);
        using var postgres = new Hoshi.Data.Postgres.DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
