using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>Settings of the deployment's public address (section <c>Hoshi</c>).</summary>
public sealed class PublicUrlSettings
{
    public const string Section = "Hoshi";

    /// <summary>
    /// The address people reach Hoshi at, e.g. <c>https://hoshi.example.jp</c>: the start of every link
    /// Hoshi puts in a mail or a document, the certificates' issuer and the address their QR codes
    /// point to. Unset, the address the request came to is used — allowed only while requests are
    /// held to named hosts (<c>AllowedHosts</c>, by default loopback), so a client's forged Host
    /// header never becomes a link in someone's mail.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Why <paramref name="value"/> cannot be the public URL, or null when it can (unset is allowed).</summary>
    public static string? Problem(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                ? "Hoshi:PublicUrl must be an absolute http or https address, e.g. https://hoshi.example.jp."
                : uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                    ? "Hoshi:PublicUrl is scheme, host and port only (no path, query, fragment or user), e.g. https://hoshi.example.jp."
                    : null;

    /// <summary>
    /// Why Hoshi cannot start with these settings: with no public URL, links come from the request,
    /// which is safe only while <paramref name="allowedHosts"/> names the hosts (not <c>*</c>).
    /// </summary>
    public static string? StartProblem(string? publicUrl, string? allowedHosts) =>
        Problem(publicUrl) ?? (string.IsNullOrWhiteSpace(publicUrl) && (allowedHosts ?? "").Split(';').Any(h => h.Trim() == "*")
            ? "Set Hoshi:PublicUrl (e.g. https://hoshi.example.jp) when AllowedHosts is '*': links in mail and documents would otherwise come from the Host header the client chooses."
            : null);
}

/// <summary>
/// Builds absolute links: from the configured public URL (<see cref="PublicUrlSettings"/>), else from
/// the address the current request came to (its host is one host filtering allowed), else — outside
/// a request, in a scheduled job or a command-line verb — from the address the server listens on.
/// </summary>
public sealed class PublicUrl(IOptions<PublicUrlSettings> settings, IHttpContextAccessor requests, IServiceProvider services, IConfiguration configuration)
{
    private readonly string? _configured = string.IsNullOrWhiteSpace(settings.Value.PublicUrl) ? null : settings.Value.PublicUrl.TrimEnd('/');

    /// <summary>Whether <c>Hoshi:PublicUrl</c> is set.</summary>
    public bool IsConfigured => _configured is not null;

    /// <summary>The public URL without a trailing slash, e.g. <c>https://hoshi.example.jp</c>.</summary>
    public string Base => _configured ?? FromRequest() ?? FromServer();

    /// <summary>The host name of the configured public URL, or null when it is not set.</summary>
    public string? ConfiguredHost => _configured is null ? null : new Uri(_configured).Host;

    /// <summary>People reach Hoshi over HTTPS (perhaps through a proxy that speaks HTTP to it): cookies are always Secure and HSTS is sent.</summary>
    public bool IsHttps => _configured?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Always Secure cookies when the public URL is https, else Secure on HTTPS requests.</summary>
    public CookieSecurePolicy SecurePolicy => IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>The absolute link to <paramref name="pathAndQuery"/> (starting with '/').</summary>
    public string Link(string pathAndQuery) =>
        pathAndQuery.StartsWith('/') ? Base + pathAndQuery : throw new ArgumentException("A link is made from a path that starts with '/'.", nameof(pathAndQuery));

    private string? FromRequest() =>
        requests.HttpContext?.Request is { Host.HasValue: true } request ? $"{request.Scheme}://{request.Host.Value}" : null;

    private string FromServer()
    {
        // The addresses Kestrel bound, or — in a command-line verb, which runs no server — the ones it would bind.
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return "http://localhost";
        }

        var host = uri.Host is "0.0.0.0" or "[::]" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.GetLeftPart(UriPartial.Authority);
    }
}
