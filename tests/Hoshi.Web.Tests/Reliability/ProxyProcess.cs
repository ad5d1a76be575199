using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hoshi.Web.Tests.Reliability;

/// <summary>
/// Debian's nginx on 127.0.0.1 running the repository's <c>deploy/nginx/hoshi.conf</c>, with only
/// what belongs to one machine replaced: the nodes, the TLS files (a certificate made here for
/// 127.0.0.1), the cache folder and the listening addresses. Started in the foreground as a child
/// process, stopped at the end. Its access log names the node that served each request.
/// </summary>
internal sealed class ProxyProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private ProxyProcess(Process process, string folder, Uri address, X509Certificate2 certificate)
    {
        _process = process;
        _folder = folder;
        Address = address;
        Certificate = certificate;
    }

    /// <summary>The proxy's HTTPS address.</summary>
    public Uri Address { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>The access log: method, path, status and the node (upstream address) of each request.</summary>
    public string AccessLog => File.Exists(Path.Combine(_folder, "access.log")) ? File.ReadAllText(Path.Combine(_folder, "access.log")) : "";

    public static string DeployedConfiguration() => Path.Combine(Repository.Root, "deploy", "nginx", "hoshi.conf");

    /// <summary>The deployed file with this machine's paths and addresses; every replaced text must be there (a changed file fails loudly).</summary>
    public static string Adapt(string deployed, string folder, int httpsPort, int httpPort, bool unlimitedPublicApi = false)
    {
        var replacements = new (string From, string To)[]
        {
            ("include /etc/hoshi/nginx-nodes.conf;", $"include {folder}/nodes.conf;"),
            ("/etc/hoshi/tls/fullchain.pem", $"{folder}/tls.crt"),
            ("/etc/hoshi/tls/privkey.pem", $"{folder}/tls.key"),
            ("/var/cache/nginx/hoshi", $"{folder}/cache"),
            ("    listen 443 ssl http2;\n", $"    listen 127.0.0.1:{httpsPort} ssl http2;\n"),
            ("    listen [::]:443 ssl http2;\n", ""),
            ("    listen 80;\n", $"    listen 127.0.0.1:{httpPort};\n"),
            ("    listen [::]:80;\n", ""),
        };
        if (unlimitedPublicApi)
        {
            // The load benchmark's whole public comes from 127.0.0.1.
            replacements = [.. replacements, ("rate=10r/s", "rate=1000000r/s")];
        }

        var text = deployed.ReplaceLineEndings("\n");
        foreach (var (from, to) in replacements)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"deploy/nginx/hoshi.conf no longer has \"{from.Trim()}\": change the multi-node test with it");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    public static async Task<ProxyProcess> StartAsync(IReadOnlyList<Uri> nodes, int httpsPort, bool unlimitedPublicApi = false)
    {
        var folder = Directory.CreateTempSubdirectory("hoshi-nginx-").FullName;
        var httpPort = ServerProcess.FreePort();

        // A certificate for 127.0.0.1, trusted by this test's clients only.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        await File.WriteAllTextAsync(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());

        await File.WriteAllLinesAsync(Path.Combine(folder, "nodes.conf"), nodes.Select(n => $"server {n.Host}:{n.Port} max_fails=1 fail_timeout=5s;"));
        await File.WriteAllTextAsync(Path.Combine(folder, "hoshi.conf"), Adapt(await File.ReadAllTextAsync(DeployedConfiguration()), folder, httpsPort, httpPort, unlimitedPublicApi));

        // The frame Debian's /etc/nginx/nginx.conf gives, in this folder (temp paths, pid, logs).
        var user = Environment.UserName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            {{(user == "root" ? "user root;" : "")}}
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                # As Debian's nginx.conf has it: compression on for every site (hoshi.conf turns it off for pages).
                gzip on;
                log_format nodes '$request_method $uri $status $upstream_addr';
                access_log {{folder}}/access.log nodes;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/hoshi.conf;
            }
            """);

        // Debian's nginx lives in /usr/sbin, which a non-root PATH may lack.
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf") })
        {
            start.ArgumentList.Add(arg);
        }

        var proxy = new ProxyProcess(Process.Start(start)!, folder, new Uri($"https://127.0.0.1:{httpsPort}"), certificate);
        proxy._process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
        proxy._process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
        proxy._process.BeginOutputReadLine();
        proxy._process.BeginErrorReadLine();

        using var probe = proxy.NewClient();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (proxy._process.HasExited)
            {
                throw new InvalidOperationException($"nginx stopped at start (exit {proxy._process.ExitCode}):\n{proxy.Output}\n{proxy.ErrorLog}");
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return proxy;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        proxy.Dispose();
        throw new TimeoutException("nginx did not answer in 20 s:\n" + proxy.ErrorLog);
    }

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>A browser of the proxy: cookies kept, redirects not followed, only this proxy's certificate trusted.</summary>
    public HttpClient NewClient(CookieContainer? cookies = null)
    {
        var expected = Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new HttpClientHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
                presented is not null && (errors == SslPolicyErrors.None || presented.GetCertHashString(HashAlgorithmName.SHA256) == expected),
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left behind: harmless.
        }
    }
}
