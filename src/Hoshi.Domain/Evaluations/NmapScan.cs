using System.Globalization;
using System.Net;
using System.Xml;

namespace Hoshi.Domain.Evaluations;

/// <summary>One port of a host as Nmap reported it.</summary>
public sealed record ScannedPort(string Protocol, int Number, string State, string? Service, string? Product, string? Version, bool Tls);

/// <summary>One host of an Nmap scan.</summary>
public sealed record ScannedHost(string Address, string? Hostname, string Status, IReadOnlyList<ScannedPort> Ports);

/// <summary>
/// A scan of the external diagnosis as Hoshi keeps it: from Nmap (<c>-oX</c>), from OpenVAS /
/// Greenbone (an XML report) or from any tool writing SARIF 2.1.0 (see <see cref="ScanReader"/>).
/// <paramref name="Tool"/> names the tool ("Nmap" for scans stored before other tools were read);
/// <paramref name="Findings"/> are the vulnerabilities a vulnerability scanner reported (none for Nmap).
/// </summary>
public sealed record NmapScan(string? Version, string? Arguments, DateTimeOffset? StartedAt, IReadOnlyList<ScannedHost> Hosts, string Tool = "Nmap", IReadOnlyList<ScanFinding>? Findings = null)
{
    public IReadOnlyList<ScanFinding> Vulnerabilities => Findings ?? [];
}

/// <summary>Why an uploaded file is not taken as an Nmap scan.</summary>
public enum NmapProblem
{
    None,

    /// <summary>Not well-formed XML or JSON (or XML that uses entities, or JSON nested too deep).</summary>
    NotXml,

    /// <summary>Well-formed, but none of the formats read (Nmap, OpenVAS / Greenbone, SARIF 2.1.0).</summary>
    NotNmap,

    /// <summary>Over the size limit.</summary>
    TooLarge,

    /// <summary>More hosts than one verification holds.</summary>
    TooManyHosts,

    /// <summary>
    /// The scan did not run to its end: no closing summary (Nmap's <c>runstats/finished</c>), a report
    /// whose run status is not Done (OpenVAS), or a run whose execution failed (SARIF).
    /// </summary>
    Unfinished,

    /// <summary>More findings than one verification holds.</summary>
    TooManyFindings,
}

/// <summary>
/// Reads Nmap's XML output without trusting it: a size cap, no DTD processing (Nmap's own
/// <c>&lt;!DOCTYPE nmaprun&gt;</c> is ignored; any entity use fails), no external resolution.
/// </summary>
public static class NmapReader
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxHosts = 4096;

    /// <summary>The reader settings every scan file is read with: no DTD, no resolver, no entity expansion, a size cap.</summary>
    internal static XmlReaderSettings SafeXml => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static (NmapScan? Scan, NmapProblem Problem) Read(byte[] file)
    {
        if (file.Length > MaxBytes)
        {
            return (null, NmapProblem.TooLarge);
        }

        try
        {
            using var reader = XmlReader.Create(new MemoryStream(file, writable: false), SafeXml);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "nmaprun")
            {
                return (null, NmapProblem.NotNmap);
            }

            var version = reader.GetAttribute("version");
            var arguments = reader.GetAttribute("args");
            DateTimeOffset? started = long.TryParse(reader.GetAttribute("start"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            var hosts = new List<ScannedHost>();
            var finished = false;
            while (reader.Read())
            {
                // Nmap writes its summary last; without it the scan did not run to the end.
                finished |= reader.NodeType == XmlNodeType.Element && reader.LocalName == "finished" && reader.Depth == 2;
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "host" && reader.Depth == 1)
                {
                    if (hosts.Count == MaxHosts)
                    {
                        return (null, NmapProblem.TooManyHosts);
                    }

                    hosts.Add(ReadHost(reader.ReadSubtree()));
                }
            }

            return finished ? (new NmapScan(version, arguments, started, hosts), NmapProblem.None) : (null, NmapProblem.Unfinished);
        }
        catch (XmlException)
        {
            return (null, NmapProblem.NotXml);
        }
    }

    private static ScannedHost ReadHost(XmlReader host)
    {
        string? address = null;
        string? hostname = null;
        var status = "unknown";
        var ports = new List<ScannedPort>();
        string? protocol = null;
        var number = 0;
        string? state = null;
        string? service = null, product = null, version = null;
        var tls = false;
        while (host.Read())
        {
            if (host.NodeType == XmlNodeType.EndElement && host.LocalName == "port" && protocol is not null)
            {
                ports.Add(new ScannedPort(protocol, number, state ?? "unknown", service, product, version, tls));
                protocol = null;
                continue;
            }

            if (host.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (host.LocalName)
            {
                case "status":
                    status = host.GetAttribute("state") ?? status;
                    break;
                case "address" when host.GetAttribute("addrtype") != "mac":
                    address ??= host.GetAttribute("addr");
                    break;
                case "hostname":
                    hostname ??= host.GetAttribute("name");
                    break;
                case "port":
                    protocol = host.GetAttribute("protocol") ?? "tcp";
                    number = int.TryParse(host.GetAttribute("portid"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                    state = null;
                    service = product = version = null;
                    tls = false;
                    if (host.IsEmptyElement)
                    {
                        ports.Add(new ScannedPort(protocol, number, "unknown", null, null, null, false));
                        protocol = null;
                    }

                    break;
                case "state" when protocol is not null:
                    state = host.GetAttribute("state");
                    break;
                case "service" when protocol is not null:
                    service = host.GetAttribute("name");
                    product = host.GetAttribute("product");
                    version = host.GetAttribute("version");
                    tls = host.GetAttribute("tunnel") == "ssl";
                    break;
            }
        }

        return new ScannedHost(address ?? "?", hostname, status, ports);
    }
}

/// <summary>A kind of service that should not be exposed to the internet, by port or by service name.</summary>
public sealed record RiskyService(string Label, IReadOnlyList<int> Ports, IReadOnlyList<string> ServiceNames, string Protocol = "tcp");

/// <summary>What is flagged about one open port.</summary>
public sealed record PortFlag(string Host, ScannedPort Port, string Risk);

/// <summary>
/// The external diagnosis' rules: which open ports expose risky services (a configurable list,
/// matched by port number or by Nmap's service name, plain HTTP counted as an unencrypted admin
/// interface on admin ports), and which scanned hosts lie outside the recorded scope.
/// </summary>
public static class ExternalDiagnosis
{
    public static readonly IReadOnlyList<RiskyService> DefaultRiskyServices =
    [
        new("Telnet", [23], ["telnet"]),
        new("FTP", [21], ["ftp"]),
        new("RDP", [3389], ["ms-wbt-server", "rdp"]),
        new("SMB", [139, 445], ["microsoft-ds", "netbios-ssn", "smb"]),
        new("VNC", [5900, 5901], ["vnc"]),
        new("SNMP", [161], ["snmp"], "udp"),
        new("Database", [1433, 1521, 3306, 5432, 6379, 27017], ["ms-sql-s", "oracle", "mysql", "postgresql", "redis", "mongodb"]),
        new("Unencrypted admin interface", [8080, 8000, 8888, 10000], ["http-proxy", "http-alt"]),
    ];

    /// <summary>Open ports matching a risky service; open plain-HTTP admin ports count as unencrypted admin interfaces.</summary>
    public static IReadOnlyList<PortFlag> Flags(NmapScan scan, IReadOnlyList<RiskyService> risky) =>
        [.. from host in scan.Hosts
            from port in host.Ports
            where port.State == "open"
            let risk = risky.FirstOrDefault(r => r.Protocol == port.Protocol && (r.Ports.Contains(port.Number) || (port.Service is { } s && r.ServiceNames.Contains(s, StringComparer.OrdinalIgnoreCase))))
            where risk is not null && !(port.Tls && risk.Label == "Unencrypted admin interface")
            select new PortFlag(host.Address, port, risk.Label)];

    /// <summary>Parses the recorded scope: IP addresses and CIDR ranges, one per line or separated by commas/spaces. Returns the entries it could not read.</summary>
    public static (IReadOnlyList<IPNetwork> Scope, IReadOnlyList<string> Unreadable) ParseScope(string? text)
    {
        var scope = new List<IPNetwork>();
        var unreadable = new List<string>();
        foreach (var entry in (text ?? "").Split([',', ' ', '\n', '\r', '\t', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                scope.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                scope.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                unreadable.Add(entry);
            }
        }

        return (scope, unreadable);
    }

    /// <summary>Hosts of the scan outside the scope (an unreadable address counts as outside).</summary>
    public static IReadOnlyList<string> OutsideScope(NmapScan scan, IReadOnlyList<IPNetwork> scope) =>
        [.. scan.Hosts.Select(h => h.Address).Where(a => !IPAddress.TryParse(a, out var ip) || !scope.Any(n => n.Contains(ip))).Distinct()];
}
