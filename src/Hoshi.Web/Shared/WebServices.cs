using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Shared;

public static class WebServices
{
    public static readonly CultureInfo[] Cultures = [new("ja"), new("en")];

    public static IServiceCollection AddHoshiWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // First of all hosted services: Data Protection's own (registered earlier, with the accounts)
        // reads the key ring from the database at start and logged "no such table" on a new database.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseStartup>());
        Pdf.PdfReport.ConfiguredFontPath = configuration["Reports:FontPath"];
        if (configuration["Hoshi:OscalNamespace"] is { Length: > 0 } oscalNamespace)
        {
            Features.Catalog.OscalJson.Namespace = oscalNamespace;
        }
        services.AddHostedService<Mail.MailSenderService>();
        services.AddHostedService<Features.Registry.RegistrySnapshotService>();
        services.AddSingleton<Features.Suppliers.SupplierImportWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<Features.Suppliers.SupplierImportWorker>());
        services.AddHostedService<Features.Lifecycle.SchedulerService>();
        services.AddAccountsWeb(configuration);
        // Requests name one of our hosts: the public URL's, or loopback (health checks, tests on one
        // machine) — unless AllowedHosts says otherwise. With no public URL set, links come from the
        // request's address, so this filter is what keeps a forged Host out of them.
        services.AddOptions<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>()
            .Configure<PublicUrl>((options, url) =>
            {
                if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
                {
                    options.AllowedHosts = [.. url.ConfiguredHost is { } host ? [host] : Array.Empty<string>(), "localhost", "127.0.0.1", "[::1]"];
                }
            });
        services.AddOptions<DiagnosticsSettings>().BindConfiguration(DiagnosticsSettings.Section);
        services.AddOptions<ProxySettings>().BindConfiguration(ProxySettings.Section)
            .Validate(p => p.Problem() is null, "Hoshi:Proxies: KnownProxies take addresses (10.0.0.5), KnownNetworks CIDR networks (10.0.0.0/24), ForwardLimit at least 1.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((options, proxies) => proxies.Value.Apply(options));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("ja");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Japanese unless the user chose otherwise: ?lang=en, or the cookie the switch sets.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = Language.QueryKey, UIQueryStringKey = Language.QueryKey },
                new CookieRequestCultureProvider(),
            ];
        });
        services.AddRazorPages(options => options.RootDirectory = "/Features")
            .AddMvcOptions(options => options.Filters.Add<UnknownHandlers>())
            .AddViewLocalization();

        // The anti-forgery cookie is Secure on HTTPS requests (its default is never); behind a proxy
        // that ends TLS, requests count as HTTPS when the proxy is known (Hoshi:Proxies). "Always"
        // is not possible here: antiforgery refuses to work at all on a plain HTTP request then.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
        services.Configure<RazorViewEngineOptions>(options =>
        {
            // Layout and partials shared by every feature live in /Shared.
            options.PageViewLocationFormats.Add("/Shared/{0}" + RazorViewEngine.ViewExtension);
            options.ViewLocationFormats.Add("/Shared/{0}" + RazorViewEngine.ViewExtension);
        });
        services.AddRouting(options => options.LowercaseUrls = true);
        // Japanese stays as characters in pages (still HTML-encoded where it must be), not &#x…; entities.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddOpenApi(OpenApiSetup.Configure);
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return services;
    }

    public static WebApplication UseHoshiWeb(this WebApplication app)
    {
        // First: the client's address and scheme, as a known proxy reports them (never from anyone else).
        if (app.Services.GetRequiredService<IOptions<ProxySettings>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestCost>();
        app.UseExceptionHandler();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseStatusCodePages());
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles(new StaticFileOptions
        {
            // Pages link static files with their content hash (asp-append-version: ?v=…): such an
            // address never changes its content, so browsers and proxies keep it for a year; a bare
            // address is kept for an hour.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = file.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "public, max-age=3600",
        });
        // Explicit, after the status-code pages, so a re-executed request (/error/404) is routed again.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Language.RememberChoice>();
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Hoshi API v1");
            options.RoutePrefix = "api/docs";
            options.DocumentTitle = "Hoshi API";
        });
        app.MapLanguageSwitch();
        return app;
    }
}
