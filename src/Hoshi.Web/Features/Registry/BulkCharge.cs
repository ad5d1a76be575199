using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hoshi.Web.Features.Registry;

/// <summary>
/// The bulk status endpoint's budget: per client address, <see cref="RegistrySettings.BulkNumbersPerWindow"/>
/// corporate numbers per window, so a bulk request cannot enumerate the registry at the price of one request.
/// </summary>
public sealed class BulkCharge : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RegistrySettings _settings;

    public BulkCharge(IOptions<RegistrySettings> settings)
    {
        _settings = settings.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, _settings.BulkNumbersPerWindow),
            Window = Window,
            QueueLimit = 0,
        }));
    }

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, _settings.RateLimitWindowSeconds));

    /// <summary>Charges <paramref name="numbers"/> to the caller's address; null when allowed, else how long to wait.</summary>
    public TimeSpan? Charge(HttpContext context, int numbers)
    {
        if (numbers <= 0)
        {
            return null;
        }

        if (numbers > Math.Max(1, _settings.BulkNumbersPerWindow))
        {
            return Window;
        }

        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", numbers);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : Window;
    }

    public void Dispose() => _limiter.Dispose();
}
