using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Organizations;

public sealed class CorporateIdentityTests
{
    private const string Number = "7000012050002";

    /// <summary>A row in the NTA's documented 30-column layout.</summary>
    public static string[] Row(string number = Number, string name = "株式会社星野製作所", string closedOn = "", string closedReason = "", string latest = "1") =>
    [
        "1", number, "01", "0", "2026-11-30", "2015-10-05", name, "", "301", "愛知県", "豊田市", "元町1番地", "", "23", "211", "4710000", "", "",
        closedOn, closedReason, "", "", "2015-10-05", latest, "Hoshino Seisakusho", "Aichi", "1 Motomachi, Toyota shi", "", "ホシノセイサクショ", "0",
    ];

    [Fact]
    public void A_row_in_the_nta_layout_gives_number_name_address_and_closure()
    {
        var (row, problem) = NtaCorporationFile.Parse(Row());
        Assert.Equal(NtaRowProblem.None, problem);
        Assert.Equal((Number, "株式会社星野製作所", "愛知県豊田市元町1番地", "23", "4710000", "ホシノセイサクショ"), (row!.Number, row.Name, row.Address, row.PrefectureCode, row.PostalCode, row.Furigana));
        Assert.Null(row.ClosedOn);
        Assert.True(row.Latest);
        var (closed, _) = NtaCorporationFile.Parse(Row(closedOn: "2024-03-31", closedReason: "11"));
        Assert.Equal((new DateOnly(2024, 3, 31), "11"), (closed!.ClosedOn, closed.ClosedReason));
    }

    [Fact]
    public void A_malformed_row_is_refused_saying_why()
    {
        Assert.Equal(NtaRowProblem.ColumnCount, NtaCorporationFile.Parse(["1", Number]).Problem);
        Assert.Equal(NtaRowProblem.CorporateNumber, NtaCorporationFile.Parse(Row(number: "7000012050003")).Problem);
        Assert.Equal(NtaRowProblem.Name, NtaCorporationFile.Parse(Row(name: " ")).Problem);
        Assert.Equal(NtaRowProblem.Date, NtaCorporationFile.Parse(Row(closedOn: "令和6年")).Problem);
    }

    [Fact]
    public void A_claimed_name_differing_from_the_nta_data_and_a_closed_corporation_are_flagged()
    {
        var published = NtaCorporationFile.Parse(Row()).Row;
        Assert.Empty(CorporateIdentity.Compare(Number, "株式会社 星野製作所", published, ntaDataLoaded: true));
        Assert.Empty(CorporateIdentity.Compare(Number, "(株)星野製作所", published, ntaDataLoaded: true));
        Assert.Equal([IdentityFinding.NameDiffers], CorporateIdentity.Compare(Number, "大手自動車株式会社", published, ntaDataLoaded: true));
        Assert.Equal([IdentityFinding.NotInNtaData], CorporateIdentity.Compare(Number, "株式会社星野製作所", null, ntaDataLoaded: true));
        Assert.Empty(CorporateIdentity.Compare(Number, "株式会社星野製作所", null, ntaDataLoaded: false));
        Assert.Empty(CorporateIdentity.Compare(null, "海外の会社", null, ntaDataLoaded: true));
        var closed = NtaCorporationFile.Parse(Row(closedOn: "2024-03-31", closedReason: "11")).Row;
        Assert.Equal([IdentityFinding.Closed], CorporateIdentity.Compare(Number, "株式会社星野製作所", closed, ntaDataLoaded: true));
    }

    [Fact]
    public void The_first_verified_claim_wins_and_a_changed_number_is_a_claim_again()
    {
        Assert.Equal(IdentityProblem.None, CorporateIdentity.CheckVerification(Number, Number, verifiedElsewhere: false, closed: false));
        Assert.Equal(IdentityProblem.NumberVerifiedElsewhere, CorporateIdentity.CheckVerification(Number, Number, verifiedElsewhere: true, closed: false));
        Assert.Equal(IdentityProblem.NumberChanged, CorporateIdentity.CheckVerification("1234567890123", Number, verifiedElsewhere: false, closed: false));
        Assert.Equal(IdentityProblem.Closed, CorporateIdentity.CheckVerification(Number, Number, verifiedElsewhere: false, closed: true));
        var at = DateTime.UtcNow;
        Assert.True(CorporateIdentity.IsVerified(Number, Number, at));
        Assert.False(CorporateIdentity.IsVerified("1234567890123", Number, at));
        Assert.False(CorporateIdentity.IsVerified(Number, null, null));
        Assert.True(CorporateIdentity.IsVerified(null, null, at));
    }
}
