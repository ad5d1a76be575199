using Hoshi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hoshi.Web.Tests;

/// <summary>
/// The whole application over a fresh database, served by the in-memory test server: a SQLite
/// file, or with <c>HOSHI_TEST_DB=postgres:CONNECTION-STRING</c> a new PostgreSQL database on that
/// server, dropped afterwards (the test script runs the reliability suite so a second time).
/// </summary>
public class HoshiFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-web-tests-").FullName;
    private readonly string? _postgresServer = TestDatabases.PostgresServer();
    private readonly string _postgresName = "hoshi_w_" + Guid.NewGuid().ToString("N")[..12];
    private string? _databaseSetting;

    public string DatabasePath => Path.Combine(_folder, "hoshi.db");

    /// <summary>What HOSHI_DB the app gets: SQLite in the temporary folder, or the new PostgreSQL database.</summary>
    public string DatabaseSettingValue => _databaseSetting ??= _postgresServer is null
        ? "sqlite:" + DatabasePath
        : "postgres:" + TestDatabases.CreatePostgres(_postgresServer, _postgresName);

    /// <summary>The key file of this database (made on first use).</summary>
    public string KeyFile
    {
        get
        {
            var path = Path.Combine(_folder, "hoshi.keys");
            if (!File.Exists(path))
            {
                Hoshi.Web.Shared.KeyFileKeys.Create(path);
            }

            return path;
        }
    }

    /// <summary>Where the app writes outgoing mail as .eml files.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseSetting.Key, DatabaseSettingValue);

        // The key file that encrypts the Data Protection keys (required with PostgreSQL); a server
        // process started on this database later finds it in the same folder (ServerProcess).
        builder.UseSetting("Hoshi:Keys:KeyFile", KeyFile);
        builder.UseSetting("Mail:PickupFolder", MailFolder);

        // Tests drive the scheduler themselves (SchedulerRunner), with the clock they choose.
        builder.UseSetting("Scheduler:Enabled", "false");

        // Every test client shares one address; the per-address throttle has its own tests.
        builder.UseSetting("Accounts:FailuresPerAddress", "100000");
        ConfigureMore(builder);
    }

    /// <summary>What a derived factory adds (a shifted clock …).</summary>
    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    /// <summary>Where test browsers send their requests (https when the public URL is, so Secure cookies come back).</summary>
    public virtual Uri ClientBase => new("http://localhost");

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Leave the database (and the folder) behind when the in-memory app stops, for a real server process to go on with; <see cref="DeleteDatabase"/> removes them.</summary>
    public bool KeepDatabaseOnDispose { get; set; }

    /// <summary>The folder of the SQLite file and the mail.</summary>
    public string Folder => _folder;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepDatabaseOnDispose)
        {
            DeleteDatabase();
        }
    }

    public void DeleteDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresServer is not null && _databaseSetting is not null)
        {
            TestDatabases.DropPostgres(_postgresServer, _postgresName);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

/// <summary>The database the test script chose (<c>HOSHI_TEST_DB</c>): SQLite unless it names a PostgreSQL server.</summary>
public static class TestDatabases
{
    public static string? PostgresServer() =>
        Environment.GetEnvironmentVariable("HOSHI_TEST_DB") is { } configured && configured.StartsWith("postgres:", StringComparison.Ordinal)
            ? DatabaseSetting.Parse(configured).Target
            : null;

    public static bool OnPostgres => PostgresServer() is not null;

    /// <summary>Creates an empty database on the server and returns its connection string.</summary>
    public static string CreatePostgres(string server, string name)
    {
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        create.ExecuteNonQuery();
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void DropPostgres(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
