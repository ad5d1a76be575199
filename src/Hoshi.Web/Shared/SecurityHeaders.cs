using Hoshi.Web.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline scripts or styles
/// (the pages have none; the API explorer at /api/docs, a developer tool, may use inline styles, never
/// inline scripts), forms that post only to Hoshi (and to the configured OpenID Connect provider, where the
/// external sign-in's form post is redirected), no framing, no MIME sniffing, a cautious referrer
/// policy, a Permissions-Policy that allows no device, no-store on the API and signed-in pages, and
/// HSTS on HTTPS or whenever the public URL is https (TLS may end at a proxy).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<ExternalSignInSettings> external, PublicUrl publicUrl)
{
    private readonly string _policy = PolicyFor(external.Value.Enabled ? external.Value.Authority : null);

    /// <summary>The pages' policy; <paramref name="externalAuthority"/> is the OpenID Connect provider forms may lead to, if any.</summary>
    public static string PolicyFor(string? externalAuthority)
    {
        var provider = Uri.TryCreate(externalAuthority, UriKind.Absolute, out var authority) ? " " + authority.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + $"form-action 'self'{provider}; frame-ancestors 'none'";
    }

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    // Swagger UI's page loads its scripts from files; the UI sets inline styles as it renders.
    private const string DocsPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocsPolicy : _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // No page uses the camera, the microphone, location, payment or USB; nor may anything framed.
            headers["Permissions-Policy"] = PermissionsPolicy;
            // The API's private answers and every page of a signed-in person stay out of caches
            // (the public registry's answers set their own, cacheable, policy).
            if (string.IsNullOrEmpty(headers.CacheControl) && (context.Request.Path.StartsWithSegments("/api") || context.User.Identity?.IsAuthenticated == true))
            {
                headers.CacheControl = "no-store";
            }

            if (context.Request.IsHttps || publicUrl.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
