using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class RegistryStatusTests
{
    private static readonly DateOnly Until = new(2027, 3, 31);

    [Theory]
    [InlineData("valid", "2027-03-31", EntryStatus.Valid)]
    [InlineData("valid", "2027-04-01", EntryStatus.Expired)]
    [InlineData("suspended", "2026-12-01", EntryStatus.Suspended)]
    [InlineData("suspended", "2027-04-01", EntryStatus.Suspended)]
    [InlineData("revoked", "2026-12-01", EntryStatus.Revoked)]
    [InlineData("expired", "2026-12-01", EntryStatus.Expired)]
    public void Suspension_and_revocation_stand_otherwise_the_last_valid_day_decides(string recorded, string today, EntryStatus expected) =>
        Assert.Equal(expected, RegistryStatus.Of(recorded, Until, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_api_word_is_lowercase() => Assert.Equal("suspended", RegistryStatus.Word(EntryStatus.Suspended));
}
