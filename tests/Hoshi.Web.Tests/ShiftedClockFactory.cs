using Hoshi.Web.Features.Lifecycle;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hoshi.Web.Tests;

/// <summary>The real clock moved forward by <see cref="Shift"/>, so a test can let a deadline pass.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}

/// <summary>The application with a clock tests can move forward (sign in first: sessions follow the clock).</summary>
public sealed class ShiftedClockFactory : HoshiFactory
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));

    /// <summary>Moves the app's clock to <paramref name="japanTime"/> (Japan time, UTC+9) and runs the jobs due then.</summary>
    public Task<SchedulerPass> RunAtAsync(DateTime japanTime)
    {
        Clock.Shift = TimeSpan.Zero;
        Clock.Shift = new DateTimeOffset(japanTime, TimeSpan.FromHours(9)) - Clock.GetUtcNow();
        return Services.GetRequiredService<SchedulerRunner>().RunDueAsync("test-node");
    }
}
