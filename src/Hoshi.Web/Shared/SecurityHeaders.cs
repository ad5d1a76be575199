using Hoshi.Web.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline scripts or styles
/// (the pages have none; the API explorer at /api/docs, a developer tool, may use inline styles and
/// scripts), forms that post only to Hoshi (and to the configured OpenID Connect provider, where the
/// external sign-in's form post is redirected), no framing, no MIME sniffing, a cautious referrer
/// policy, and HSTS on HTTPS.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<ExternalSignInSettings> external)
{
    private readonly string _policy = PolicyFor(external.Value.Enabled ? external.Value.Authority : null);

    /// <summary>The pages' policy; <paramref name="externalAuthority"/> is the OpenID Connect provider forms may lead to, if any.</summary>
    public static string PolicyFor(string? externalAuthority)
    {
        var provider = Uri.TryCreate(externalAuthority, UriKind.Absolute, out var authority) ? " " + authority.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + $"form-action 'self'{provider}; frame-ancestors 'none'";
    }

    private const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocsPolicy : _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
