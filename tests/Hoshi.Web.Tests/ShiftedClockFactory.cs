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
}
