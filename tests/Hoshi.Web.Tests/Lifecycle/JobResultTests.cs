using Hoshi.Web.Features.Lifecycle;

namespace Hoshi.Web.Tests.Lifecycle;

public sealed class JobResultTests
{
    [Theory]
    [InlineData("OverdueTold", 0L)]
    [InlineData("AuditHolds", 648L)]
    [InlineData("Reminders", 5_000_000_000L)]
    public void A_stored_result_reads_back_as_its_key_and_count(string key, long count)
    {
        var stored = new JobResult(key, count).ToString();

        Assert.True(JobResult.TryParse(stored, out var result));
        Assert.Equal(new JobResult(key, count), result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3 reminders")]
    [InlineData(":3")]
    [InlineData("Reminders:")]
    [InlineData("Reminders:-1")]
    [InlineData("Job_x:3")]
    [InlineData("Reminders:3 sent")]
    public void A_text_stored_before_results_had_keys_is_not_taken_for_one(string? stored) =>
        Assert.False(JobResult.TryParse(stored, out _));
}
