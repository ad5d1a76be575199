using System.Diagnostics;

namespace Hoshi.Web.Tests.Cli;

/// <summary>Runs the real Hoshi.Web.dll (or, for its verbs, the benchmark tool) as a process, the way ./hoshi does, against its own SQLite file.</summary>
internal sealed class HoshiProcess : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hoshi-cli-tests-").FullName;

    public string Folder => _folder;

    public HoshiProcess() => DatabaseSetting = "sqlite:" + Path.Combine(_folder, "hoshi.db");

    /// <summary>The HOSHI_DB the process gets.</summary>
    public string DatabaseSetting { get; set; }

    /// <summary>More environment for the process (e.g. Hoshi__Keys__KeyFile).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) =>
        // The benchmark tool's verbs go to it, as ./hoshi does; the rest are Hoshi's own.
        RunProgramAsync(args.FirstOrDefault() is "seed-registry" or "seed-assessments" or "seed-buyer" or "bench-conformance" ? "Hoshi.Bench.dll" : "Hoshi.Web.dll", args);

    /// <summary>Runs one program of the build output (Hoshi.Web.dll or Hoshi.Bench.dll) with <paramref name="args"/>.</summary>
    public async Task<(int ExitCode, string Out, string Err)> RunProgramAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOSHI_DB"] = DatabaseSetting;
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Rows of a query on the process's SQLite file, each row's columns joined by '|'.</summary>
    public List<string> Query(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseSetting["sqlite:".Length..]};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public void Dispose()
    {
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
