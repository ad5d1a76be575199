using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hoshi.Data.Sqlite;

/// <summary>Used by dotnet-ef only (scripts/add-migration); needs no running database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, new DatabaseSetting(DatabaseProvider.Sqlite, Path.Combine(Path.GetTempPath(), "hoshi-design.db")));
        return new AppDbContext(options.Options);
    }
}
