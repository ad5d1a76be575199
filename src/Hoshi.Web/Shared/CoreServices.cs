using Hoshi.Data;
using Hoshi.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Shared;

/// <summary>Services shared by the web application and the CLI verbs.</summary>
public static class CoreServices
{
    public static IServiceCollection AddHoshiCore(this IServiceCollection services, IConfiguration configuration)
    {
        var setting = DatabaseSetting.Parse(configuration[DatabaseSetting.Key]);
        services.AddSingleton(setting);
        services.AddDbContext<AppDbContext>(options => HoshiDatabase.Configure(options, setting));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogCache>();
        services.AddScoped<CatalogStore>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }
}
