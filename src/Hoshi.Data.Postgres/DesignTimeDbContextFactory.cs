using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hoshi.Data.Postgres;

/// <summary>Used by dotnet-ef only (scripts/add-migration); needs no running database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, new DatabaseSetting(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=hoshi_design;Username=hoshi"));
        return new AppDbContext(options.Options);
    }
}
