using Hoshi.Web.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.E2E;

/// <summary>Loads <c>seed-demo</c>'s data once into a test class's server, however many of its tests ask.</summary>
public static class DemoSeed
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<HoshiServer> Seeded = [];

    public static async Task OnceAsync(HoshiServer server)
    {
        await Gate.WaitAsync();
        try
        {
            if (Seeded.Add(server))
            {
                await using var scope = server.Services.CreateAsyncScope();
                Assert.Equal(0, await DemoData.SeedAsync(scope.ServiceProvider, CancellationToken.None));
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
