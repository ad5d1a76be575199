using System.Text;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Tests.Evaluations;

/// <summary>Scan files of every format the external diagnosis reads, and hostile ones.</summary>
public sealed class ScanReaderTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Evaluations", "Scans", name));

    private static string Text(string name) => Encoding.UTF8.GetString(Fixture(name));

    private static NmapProblem Problem(string content) => ScanReader.Read(Encoding.UTF8.GetBytes(content)).Problem;

    [Fact]
    public void Nmap_files_are_read_as_before()
    {
        var (scan, problem) = ScanReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Evaluations", "Nmap", "localhost.xml")));
        Assert.Equal(NmapProblem.None, problem);
        Assert.Equal(("Nmap", "7.93"), (scan!.Tool, scan.Version));
        Assert.Empty(scan.Vulnerabilities);
    }

    [Fact]
    public void A_Greenbone_report_gives_hosts_open_ports_and_vulnerabilities_with_CVEs_most_severe_first()
    {
        var (scan, problem) = ScanReader.Read(Fixture("greenbone-report.xml"));
        Assert.Equal(NmapProblem.None, problem);
        Assert.Equal(("OpenVAS / Greenbone", "22.4"), (scan!.Tool, scan.Version));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 0, 5, TimeSpan.Zero), scan.StartedAt);

        // Hosts from the results and the host list (192.0.2.12 had no result); ports only where a result names one.
        Assert.Equal(["192.0.2.10", "192.0.2.11", "192.0.2.12"], scan.Hosts.Select(h => h.Address).Order(StringComparer.Ordinal));
        var web = scan.Hosts.Single(h => h.Address == "192.0.2.10");
        Assert.Equal("www.example.co.jp", web.Hostname);
        Assert.Equal([22, 443], web.Ports.Select(p => p.Number));
        Assert.All(web.Ports, p => Assert.Equal(("tcp", "open"), (p.Protocol, p.State)));

        Assert.Equal(
            [
                ("critical", 9.8, "OpenSSH Multiple Vulnerabilities", "192.0.2.10", "22/tcp", "CVE-2023-38408,CVE-2024-6387"),
                ("medium", 5.9, "SSL/TLS: Report Weak Cipher Suites", "192.0.2.10", "443/tcp", "CVE-2016-2183"),
                ("medium", 4.8, "Telnet Unencrypted Cleartext Login", "192.0.2.11", "23/tcp", ""),
                ("low", 2.6, "TCP Timestamps Information Disclosure", "192.0.2.11", "general/tcp", ""),
                ("log", 0.0, "OS Detection Consolidation and Reporting", "192.0.2.11", "general/tcp", ""),
            ],
            scan.Vulnerabilities.Select(v => (v.Severity, v.Score ?? -1, v.Name, v.Host, v.Port ?? "", string.Join(",", v.Cves))));
        Assert.Equal("Installed version: 8.9p1", scan.Vulnerabilities[0].Detail);

        // The open Telnet port found by OpenVAS is flagged by the same rules as Nmap's.
        Assert.Contains(ExternalDiagnosis.Flags(scan, ExternalDiagnosis.DefaultRiskyServices), f => f.Host == "192.0.2.11" && f.Port.Number == 23 && f.Risk == "Telnet");
    }

    [Fact]
    public void A_SARIF_run_gives_hosts_and_ports_from_the_locations_and_severity_from_the_rule()
    {
        var (scan, problem) = ScanReader.Read(Fixture("scanner.sarif"));
        Assert.Equal(NmapProblem.None, problem);
        Assert.Equal(("Nuclei (SARIF)", "3.3.0"), (scan!.Tool, scan.Version));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), scan.StartedAt);
        Assert.Equal(
            [
                ("critical", "CVE-2021-44228", "198.51.100.20", "8443/tcp"),
                ("medium", "", "198.51.100.21", "8080/tcp"),
                ("low", "", "198.51.100.20", "443/tcp"),
                ("low", "", "198.51.100.21", "443/tcp"),
            ],
            scan.Vulnerabilities.Select(v => (v.Severity, string.Join(",", v.Cves), v.Host, v.Port ?? "")));
        Assert.Equal(["Apache Log4j2 Remote Code Injection", "Exposed administration panel", "HTTP security headers missing", "HTTP security headers missing"], scan.Vulnerabilities.Select(v => v.Name));
        Assert.Equal(10.0, scan.Vulnerabilities[0].Score);
        var admin = scan.Hosts.Single(h => h.Address == "198.51.100.21").Ports.Single(p => p.Number == 8080);
        Assert.Equal(("http", false), (admin.Service, admin.Tls));

        // The plain-HTTP admin port is flagged as with Nmap; the TLS one on 8443 is not.
        var flags = ExternalDiagnosis.Flags(scan, ExternalDiagnosis.DefaultRiskyServices);
        Assert.Contains(flags, f => f.Host == "198.51.100.21" && f.Port.Number == 8080);
        Assert.DoesNotContain(flags, f => f.Port.Number == 8443);
    }

    [Fact]
    public void A_SARIF_result_without_a_URL_keeps_its_location_text_as_the_host()
    {
        var sarif = """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","level":"error","message":{"text":"found"},"locations":[{"logicalLocations":[{"fullyQualifiedName":"mail.example.jp"}]}]},{"ruleId":"s","level":"none","message":{"text":"nowhere"}}]}]}""";
        var (scan, problem) = ScanReader.Read(Encoding.UTF8.GetBytes(sarif));
        Assert.Equal(NmapProblem.None, problem);
        Assert.Equal([("mail.example.jp", "high"), ("-", "log")], scan!.Vulnerabilities.Select(v => (v.Host, v.Severity)));
    }

    [Theory]
    // OpenVAS: an unfinished task, entities (a billion-laughs attempt), an external entity, broken XML, a report that is none.
    [InlineData("<report><report><scan_run_status>Running</scan_run_status><results/></report></report>", NmapProblem.Unfinished)]
    [InlineData("<report><report><scan_run_status>Stopped</scan_run_status></report></report>", NmapProblem.Unfinished)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><report><report><results><result><name>&b;</name><host>10.0.0.1</host></result></results></report></report>", NmapProblem.NotXml)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><report><report><results><result><name>&x;</name><host>10.0.0.1</host></result></results></report></report>", NmapProblem.NotXml)]
    [InlineData("<report><report><results><result><name>x</name></results></report></report>", NmapProblem.NotXml)]
    [InlineData("<report><item/></report>", NmapProblem.NotNmap)]
    [InlineData("<report><report><results/></report></report>", NmapProblem.Unfinished)]
    [InlineData("<html><body>not a scan</body></html>", NmapProblem.NotNmap)]
    // SARIF: another version, no runs, broken JSON, comments, a failed run.
    [InlineData("{\"version\":\"2.0.0\",\"runs\":[]}", NmapProblem.NotNmap)]
    [InlineData("{\"version\":\"2.1.0\"}", NmapProblem.NotNmap)]
    [InlineData("{\"version\":\"2.1.0\",\"runs\":[", NmapProblem.NotXml)]
    [InlineData("{/* c */\"version\":\"2.1.0\",\"runs\":[]}", NmapProblem.NotXml)]
    [InlineData("{\"version\":\"2.1.0\",\"runs\":[{\"invocations\":[{\"executionSuccessful\":false}],\"results\":[]}]}", NmapProblem.Unfinished)]
    [InlineData("", NmapProblem.NotXml)]
    [InlineData("   \n ", NmapProblem.NotXml)]
    public void Hostile_or_foreign_files_are_refused_with_the_reason(string content, NmapProblem expected) =>
        Assert.Equal(expected, Problem(content));

    [Fact]
    public void XML_and_JSON_nested_deeper_than_the_limit_are_refused_not_walked()
    {
        var xml = "<report><report><scan_run_status>Done</scan_run_status><results><result>" + string.Concat(Enumerable.Repeat("<a>", 1000)) + string.Concat(Enumerable.Repeat("</a>", 1000)) + "</result></results></report></report>";
        Assert.Equal(NmapProblem.NotXml, Problem(xml));

        var deep = "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"properties\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}]}]}";
        Assert.Equal(NmapProblem.NotXml, Problem(deep));
    }

    [Fact]
    public void Files_over_the_size_limit_and_too_many_findings_are_refused()
    {
        Assert.Equal(NmapProblem.TooLarge, ScanReader.Read(new byte[NmapReader.MaxBytes + 1]).Problem);

        var results = string.Join(",", Enumerable.Range(0, ScanReader.MaxFindings + 1).Select(i => $"{{\"ruleId\":\"r\",\"message\":{{\"text\":\"m\"}},\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":\"https://10.0.{i % 4000 / 250}.{i % 250}/\"}}}}}}]}}"));
        var sarif = $"{{\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{{\"name\":\"x\"}}}},\"results\":[{results}]}}]}}";
        Assert.True(sarif.Length < NmapReader.MaxBytes);
        Assert.Equal(NmapProblem.TooManyFindings, Problem(sarif));

        var xml = "<report><report><scan_run_status>Done</scan_run_status><results>"
            + string.Concat(Enumerable.Range(0, NmapReader.MaxHosts + 1).Select(i => $"<result><name>n</name><host>10.{i / 250}.{i % 250}.1</host><port>80/tcp</port></result>"))
            + "</results></report></report>";
        Assert.Equal(NmapProblem.TooManyHosts, Problem(xml));
    }

    [Theory]
    [InlineData(9.0, "critical")]
    [InlineData(8.9, "high")]
    [InlineData(7.0, "high")]
    [InlineData(4.0, "medium")]
    [InlineData(3.9, "low")]
    [InlineData(0.1, "low")]
    [InlineData(0.0, "log")]
    public void Severity_follows_the_CVSS_bands(double score, string severity) => Assert.Equal(severity, ScanSeverity.FromScore(score));
}
