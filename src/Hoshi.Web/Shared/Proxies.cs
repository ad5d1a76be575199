using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hoshi.Web.Shared;

/// <summary>
/// The reverse proxies in front of Hoshi (section <c>Hoshi:Proxies</c>). Only a request that comes
/// from one of them may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and whether
/// it used HTTPS; from anyone else those headers are ignored. With none configured, none is trusted.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "Hoshi:Proxies";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to read back from X-Forwarded-For (default 1).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>Why the setting cannot be used, or null.</summary>
    public string? Problem()
    {
        var bad = KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Concat(KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            .ToList();
        return bad.Count == 0 && ForwardLimit >= 1
            ? null
            : $"Hoshi:Proxies: not an address or a CIDR network: {string.Join(", ", bad)} (KnownProxies take addresses such as 10.0.0.5, KnownNetworks networks such as 10.0.0.0/24; ForwardLimit at least 1).";
    }

    public void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = ForwardLimit;
        // The defaults trust loopback; and empty lists would trust everyone: only the configured ones count.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
