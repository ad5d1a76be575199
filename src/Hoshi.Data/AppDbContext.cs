using Hoshi.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Data;

/// <summary>
/// The one EF Core model of Hoshi, portable across SQLite and PostgreSQL: UTC DateTime through a
/// converter, an app-managed <see cref="IVersioned.Version"/> for optimistic concurrency, no
/// schemas, no provider-specific collations. Migrations live per provider in
/// Hoshi.Data.Sqlite and Hoshi.Data.Postgres (see README.md beside this file).
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<CatalogVersionRecord> CatalogVersions => Set<CatalogVersionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every modified versioned row gets the next version; the old one is the concurrency check.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}
