using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// The real Hoshi server (<c>dotnet Hoshi.Web.dll serve</c>) as a child process on 127.0.0.1, over
/// a given database; killed with SIGKILL (no shutdown of any kind) or stopped at the end.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>
    /// The garbage collector's gen0 budget every launcher sets (<c>./hoshi</c>, the systemd unit, the
    /// benchmarks): 16 MB, where a virtual machine that hides its processor's cache size gets ~2 MB.
    /// </summary>
    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    /// <inheritdoc cref="Gen0BudgetVariable"/>
    public const string Gen0Budget = "0x1000000";

    public Uri Address { get; }

    /// <summary>Whether the process has ended (killed, or stopped by itself).</summary>
    public bool Exited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on <paramref name="databaseSetting"/> and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string databaseSetting, string folder, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hoshi.Web.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["HOSHI_DB"] = databaseSetting;
        start.Environment["Scheduler__Enabled"] = "false";
        // The runtime setting every launcher of the server gives it (./hoshi, the systemd unit).
        start.Environment[Gen0BudgetVariable] = Environment.GetEnvironmentVariable(Gen0BudgetVariable) ?? Gen0Budget;
        start.Environment["Mail__PickupFolder"] = Path.Combine(folder, "mail");
        // The repository's static files, as a deployment serves them beside its pages (the working
        // folder is a test's own, with no wwwroot: /css/site.css would answer 404).
        start.Environment["ASPNETCORE_WEBROOT"] = Path.Combine(Repository.Root, "src", "Hoshi.Web", "wwwroot");
        // The key file of a database prepared by a HoshiFactory lies in its folder.
        if (File.Exists(Path.Combine(folder, "hoshi.keys")))
        {
            start.Environment["Hoshi__Keys__KeyFile"] = Path.Combine(folder, "hoshi.keys");
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, address);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"The server stopped at start (exit {server._process.ExitCode}):\n{server.Output}");
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        server.Kill();
        throw new TimeoutException("The server did not become ready in 60 s:\n" + server.Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
