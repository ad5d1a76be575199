using Hoshi.Data;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hoshi.Data.Tests;

/// <summary>
/// A fresh, migrated database for one test class, on the provider chosen by <c>HOSHI_TEST_DB</c>:
/// unset or <c>sqlite</c> → a temporary SQLite file; <c>postgres:CONNECTION-STRING</c> → a new
/// database on that server, dropped afterwards. The test script runs this project once per provider.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string? _postgresServer;
    private readonly string _name = "hoshi_t_" + Guid.NewGuid().ToString("N")[..12];
    private string? _sqliteFolder;

    public TestDatabase()
    {
        var configured = Environment.GetEnvironmentVariable("HOSHI_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured) && configured != "sqlite")
        {
            _postgresServer = DatabaseSetting.Parse(configured).Target;
        }
    }

    public DatabaseSetting Setting { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public CatalogCache Cache { get; } = new();

    public AppDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        HoshiDatabase.Configure(options, Setting);
        return new AppDbContext(options.Options);
    }

    public CatalogStore NewCatalogStore(AppDbContext db) => new(db, Cache, Clock);

    private readonly string _keyFolder = Directory.CreateTempSubdirectory("hoshi-data-keys-").FullName;

    /// <summary>The key file that encrypts this database's Data Protection keys (made on first use).</summary>
    public string KeyFile
    {
        get
        {
            var path = Path.Combine(_keyFolder, "test.keys");
            if (!File.Exists(path))
            {
                Hoshi.Web.Shared.KeyFileKeys.Create(path);
            }

            return path;
        }
    }

    /// <summary>The application's services (as the CLI has them) on this database.</summary>
    public ServiceProvider NewServices()
    {
        var setting = (Setting.Provider == DatabaseProvider.Sqlite ? "sqlite:" : "postgres:") + Setting.Target;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseSetting.Key] = setting, ["Hoshi:Keys:KeyFile"] = KeyFile }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHoshiCore(configuration);
        return services.BuildServiceProvider();
    }

    public async Task InitializeAsync()
    {
        await InitializeEmptyAsync();
        await using var db = NewContext();
        await HoshiDatabase.MigrateAsync(db);
    }

    /// <summary>Makes the database without building its schema (a test creates it another way).</summary>
    public async Task InitializeEmptyAsync()
    {
        if (_postgresServer is null)
        {
            _sqliteFolder = Directory.CreateTempSubdirectory("hoshi-data-tests-").FullName;
            Setting = new DatabaseSetting(DatabaseProvider.Sqlite, Path.Combine(_sqliteFolder, "test.db"));
        }
        else
        {
            await using var server = new NpgsqlConnection(_postgresServer);
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", server);
            await create.ExecuteNonQueryAsync();
            var builder = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _name };
            Setting = new DatabaseSetting(DatabaseProvider.Postgres, builder.ConnectionString);
        }
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_keyFolder, recursive: true);
        if (_postgresServer is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_sqliteFolder is not null)
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_postgresServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
