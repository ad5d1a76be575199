using System.Text;
using Hoshi.Domain.Evaluations;

namespace Hoshi.Domain.Tests.Evaluations;

public sealed class NmapTests
{
    /// <summary>A real scan: <c>nmap -sV --version-light -Pn -p 21,22,23,80,443,445,3389,8080 -oX</c> of 127.0.0.1 with listeners on 23, 445, 3389 and a Python web server on 8080.</summary>
    private static byte[] RealScan() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Evaluations", "Nmap", "localhost.xml"));

    [Fact]
    public void A_real_scan_is_read_with_hosts_ports_services_and_versions()
    {
        var (scan, problem) = NmapReader.Read(RealScan());
        Assert.Equal(NmapProblem.None, problem);
        Assert.Equal("7.93", scan!.Version);
        Assert.Contains("-oX", scan.Arguments, StringComparison.Ordinal);
        var host = Assert.Single(scan.Hosts);
        Assert.Equal(("127.0.0.1", "localhost", "up"), (host.Address, host.Hostname, host.Status));
        Assert.Equal([21, 22, 23, 80, 443, 445, 3389, 8080], host.Ports.Select(p => p.Number));
        Assert.Equal([23, 445, 3389, 8080], host.Ports.Where(p => p.State == "open").Select(p => p.Number));
        var web = host.Ports.Single(p => p.Number == 8080);
        Assert.Equal(("http", "SimpleHTTPServer", "0.6"), (web.Service, web.Product, web.Version));
    }

    [Fact]
    public void Risky_open_ports_are_flagged_by_port_or_service()
    {
        var (scan, _) = NmapReader.Read(RealScan());
        var flags = ExternalDiagnosis.Flags(scan!, ExternalDiagnosis.DefaultRiskyServices);
        Assert.Equal([(23, "Telnet"), (445, "SMB"), (3389, "RDP"), (8080, "Unencrypted admin interface")], flags.Select(f => (f.Port.Number, f.Risk)));

        // Closed ports are never flagged; the list is configurable.
        var onlyRdp = ExternalDiagnosis.Flags(scan!, [new RiskyService("RDP", [3389], ["ms-wbt-server"])]);
        Assert.Equal([3389], onlyRdp.Select(f => f.Port.Number));
    }

    [Fact]
    public void A_TLS_admin_port_is_not_an_unencrypted_admin_interface()
    {
        var scan = new NmapScan(null, null, null, [new ScannedHost("203.0.113.5", null, "up", [new ScannedPort("tcp", 8080, "open", "http", null, null, Tls: true)])]);
        Assert.Empty(ExternalDiagnosis.Flags(scan, ExternalDiagnosis.DefaultRiskyServices));
    }

    [Theory]
    [InlineData("this is not xml", NmapProblem.NotXml)]
    [InlineData("<?xml version=\"1.0\"?><report><item/></report>", NmapProblem.NotNmap)]
    [InlineData("<?xml version=\"1.0\"?><nmaprun><host><unclosed></host></nmaprun>", NmapProblem.NotXml)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><nmaprun>&b;</nmaprun>", NmapProblem.NotXml)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE nmaprun SYSTEM \"file:///etc/passwd\"><nmaprun><runstats><finished exit=\"success\"/></runstats></nmaprun>", NmapProblem.None)]
    [InlineData("<?xml version=\"1.0\"?><nmaprun><host><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/></host></nmaprun>", NmapProblem.Unfinished)]
    [InlineData("<nmaprun><a><a><finished/></a></a></nmaprun>", NmapProblem.Unfinished)]
    public void Files_that_are_not_Nmap_XML_are_refused(string content, NmapProblem expected) =>
        Assert.Equal(expected, NmapReader.Read(Encoding.UTF8.GetBytes(content)).Problem);

    [Fact]
    public void Huge_files_and_too_many_hosts_are_refused()
    {
        Assert.Equal(NmapProblem.TooLarge, NmapReader.Read(new byte[NmapReader.MaxBytes + 1]).Problem);
        var many = new StringBuilder("<nmaprun>");
        for (var i = 0; i <= NmapReader.MaxHosts; i++)
        {
            many.Append("<host><address addr=\"10.0.").Append(i / 256).Append('.').Append(i % 256).Append("\" addrtype=\"ipv4\"/></host>");
        }

        Assert.Equal(NmapProblem.TooManyHosts, NmapReader.Read(Encoding.UTF8.GetBytes(many.Append("</nmaprun>").ToString())).Problem);
    }

    [Fact]
    public void Hosts_outside_the_recorded_scope_are_named()
    {
        var (scope, unreadable) = ExternalDiagnosis.ParseScope("203.0.113.0/28, 198.51.100.7\nexample.jp");
        Assert.Equal(["example.jp"], unreadable);
        var scan = new NmapScan(null, null, null,
        [
            new ScannedHost("203.0.113.5", null, "up", []),
            new ScannedHost("203.0.113.20", null, "up", []),
            new ScannedHost("198.51.100.7", null, "up", []),
            new ScannedHost("2001:db8::1", null, "up", []),
        ]);
        Assert.Equal(["203.0.113.20", "2001:db8::1"], ExternalDiagnosis.OutsideScope(scan, scope));
        Assert.Equal(["127.0.0.1"], ExternalDiagnosis.OutsideScope(NmapReader.Read(RealScan()).Scan!, scope));
    }
}
