using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>Settings of the deployment's public address (section <c>Hoshi</c>).</summary>
public sealed class PublicUrlSettings
{
    public const string Section = "Hoshi";

    /// <summary>
    /// The address people reach Hoshi at, e.g. <c>https://hoshi.example.jp</c>: the start of every link
    /// Hoshi puts in a mail or a document, the certificates' issuer and the address their QR codes
    /// point to. Never taken from a request (its Host header is the client's to choose).
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>Why <paramref name="value"/> cannot be the public URL, or null when it can.</summary>
    public static string? Problem(string? value) =>
        !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            ? "Hoshi:PublicUrl must be an absolute http or https address, e.g. https://hoshi.example.jp."
            : uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                ? "Hoshi:PublicUrl is scheme, host and port only (no path, query, fragment or user), e.g. https://hoshi.example.jp."
                : null;
}

/// <summary>Builds absolute links from the configured public URL (<see cref="PublicUrlSettings"/>).</summary>
public sealed class PublicUrl(IOptions<PublicUrlSettings> settings)
{
    /// <summary>The public URL without a trailing slash, e.g. <c>https://hoshi.example.jp</c>.</summary>
    public string Base { get; } = settings.Value.PublicUrl.TrimEnd('/');

    /// <summary>The host name of the public URL.</summary>
    public string Host => new Uri(Base).Host;

    /// <summary>People reach Hoshi over HTTPS (perhaps through a proxy that speaks HTTP to it): cookies are always Secure and HSTS is sent.</summary>
    public bool IsHttps => Base.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Always Secure cookies when the public URL is https, else Secure on HTTPS requests.</summary>
    public CookieSecurePolicy SecurePolicy => IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>The absolute link to <paramref name="pathAndQuery"/> (starting with '/').</summary>
    public string Link(string pathAndQuery) =>
        pathAndQuery.StartsWith('/') ? Base + pathAndQuery : throw new ArgumentException("A link is made from a path that starts with '/'.", nameof(pathAndQuery));
}
