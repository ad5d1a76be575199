using Hoshi.Domain.Suppliers;

namespace Hoshi.Domain.Tests.Suppliers;

public sealed class SupplierRequestsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData(RequestSide.Supplier, RequestAction.Accept, RequestState.Sent, true)]
    [InlineData(RequestSide.Supplier, RequestAction.Accept, RequestState.DateProposed, true)]
    [InlineData(RequestSide.Supplier, RequestAction.Accept, RequestState.Accepted, false)]
    [InlineData(RequestSide.Supplier, RequestAction.ProposeDate, RequestState.Sent, true)]
    [InlineData(RequestSide.Supplier, RequestAction.ProposeDate, RequestState.Accepted, true)]
    [InlineData(RequestSide.Supplier, RequestAction.ProposeDate, RequestState.DateProposed, true)]
    [InlineData(RequestSide.Supplier, RequestAction.Comment, RequestState.Accepted, true)]
    [InlineData(RequestSide.Supplier, RequestAction.AgreeDate, RequestState.DateProposed, false)]
    [InlineData(RequestSide.Supplier, RequestAction.Withdraw, RequestState.Sent, false)]
    [InlineData(RequestSide.Buyer, RequestAction.AgreeDate, RequestState.DateProposed, true)]
    [InlineData(RequestSide.Buyer, RequestAction.AgreeDate, RequestState.Sent, false)]
    [InlineData(RequestSide.Buyer, RequestAction.Accept, RequestState.Sent, false)]
    [InlineData(RequestSide.Buyer, RequestAction.ProposeDate, RequestState.Sent, false)]
    [InlineData(RequestSide.Buyer, RequestAction.Withdraw, RequestState.Accepted, true)]
    [InlineData(RequestSide.Buyer, RequestAction.Comment, RequestState.Sent, true)]
    [InlineData(RequestSide.Buyer, RequestAction.Comment, RequestState.Withdrawn, false)]
    [InlineData(RequestSide.Supplier, RequestAction.Comment, RequestState.Withdrawn, false)]
    [InlineData(RequestSide.Buyer, RequestAction.Withdraw, RequestState.Withdrawn, false)]
    public void Who_may_do_what_in_each_state(RequestSide side, RequestAction action, RequestState state, bool allowed) =>
        Assert.Equal(allowed, SupplierRequests.May(side, action, state));

    [Theory]
    [InlineData(RequestAction.Accept, RequestState.Sent, RequestState.Accepted)]
    [InlineData(RequestAction.ProposeDate, RequestState.Accepted, RequestState.DateProposed)]
    [InlineData(RequestAction.AgreeDate, RequestState.DateProposed, RequestState.Accepted)]
    [InlineData(RequestAction.Comment, RequestState.DateProposed, RequestState.DateProposed)]
    [InlineData(RequestAction.Withdraw, RequestState.Sent, RequestState.Withdrawn)]
    public void Each_action_leads_to_its_state(RequestAction action, RequestState from, RequestState to) =>
        Assert.Equal(to, SupplierRequests.After(action, from));

    [Fact]
    public void A_due_date_is_after_today_and_a_proposal_differs_from_the_current_date()
    {
        Assert.Equal("dueRequired", SupplierRequests.CheckDueDate(null, Today));
        Assert.Equal("dueInPast", SupplierRequests.CheckDueDate(Today, Today));
        Assert.Null(SupplierRequests.CheckDueDate(Today.AddDays(1), Today));
        Assert.Equal("dueUnchanged", SupplierRequests.CheckDueDate(Today.AddDays(5), Today, Today.AddDays(5)));
    }

    private static SupplierStanding Holding(Level? level, SupplierStatus status) => new(status, level, Today.AddDays(100), false);

    [Fact]
    public void A_request_is_met_by_a_valid_star_at_or_above_the_level_and_overdue_after_its_due_day()
    {
        var due = Today.AddDays(10);
        Assert.Equal(RequestProgress.Met, SupplierRequests.Progress(RequestState.Sent, Level.Star3, due, Holding(Level.Star4, SupplierStatus.Valid), Today));
        Assert.Equal(RequestProgress.Met, SupplierRequests.Progress(RequestState.Accepted, Level.Star4, due, Holding(Level.Star4, SupplierStatus.Expiring), Today));
        Assert.Equal(RequestProgress.Accepted, SupplierRequests.Progress(RequestState.Accepted, Level.Star4, due, Holding(Level.Star3, SupplierStatus.Valid), Today));
        Assert.Equal(RequestProgress.Open, SupplierRequests.Progress(RequestState.Sent, Level.Star3, due, Holding(null, SupplierStatus.None), Today));
        Assert.Equal(RequestProgress.DateProposed, SupplierRequests.Progress(RequestState.DateProposed, Level.Star3, due, Holding(null, SupplierStatus.None), Today));
        Assert.Equal(RequestProgress.Open, SupplierRequests.Progress(RequestState.Sent, Level.Star3, due, Holding(null, SupplierStatus.None), due));
        Assert.Equal(RequestProgress.Overdue, SupplierRequests.Progress(RequestState.Accepted, Level.Star3, due, Holding(Level.Star3, SupplierStatus.Suspended), due.AddDays(1)));
        Assert.Equal(RequestProgress.Withdrawn, SupplierRequests.Progress(RequestState.Withdrawn, Level.Star3, due, Holding(Level.Star3, SupplierStatus.Valid), Today));
    }
}

public sealed class DisclosureAndPartnerCheckTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(0, false, true)]
    [InlineData(-1, false, false)]
    [InlineData(5, true, false)]
    [InlineData(null, true, false)]
    public void A_grant_is_in_force_through_its_last_day_until_revoked(int? endsInDays, bool revoked, bool inForce) =>
        Assert.Equal(inForce, Disclosure.InForce(endsInDays is { } d ? Today.AddDays(d) : null, revoked, Today));

    [Fact]
    public void An_end_date_may_be_today_but_not_before()
    {
        Assert.Null(Disclosure.CheckEndDate(null, Today));
        Assert.Null(Disclosure.CheckEndDate(Today, Today));
        Assert.Equal("endInPast", Disclosure.CheckEndDate(Today.AddDays(-1), Today));
    }

    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, true)]
    [InlineData(true, true, true, true)]
    public void Suppliers_meeting_any_of_the_three_conditions_are_checked_yearly(bool a, bool b, bool c, bool applies) =>
        Assert.Equal(applies, PartnerCheck.Applies(new DecisionAnswers(a, b, c)));

    [Fact]
    public void Undecided_suppliers_are_not_listed_and_checks_fall_due_a_year_later()
    {
        Assert.False(PartnerCheck.Applies(null));
        Assert.False(PartnerCheck.Applies(new DecisionAnswers(true, null, null)));
        Assert.True(PartnerCheck.IsDue(null, Today));
        Assert.Equal(Today, PartnerCheck.DueOn(null, Today));
        var last = new DateOnly(2025, 11, 24);
        Assert.Equal(new DateOnly(2026, 11, 24), PartnerCheck.DueOn(last, Today));
        Assert.False(PartnerCheck.IsDue(last, Today));
        Assert.True(PartnerCheck.IsDue(new DateOnly(2025, 11, 23), Today));
        Assert.Equal(new DateOnly(2025, 2, 28), PartnerCheck.DueOn(new DateOnly(2024, 2, 29), Today));
    }
}

public sealed class SupplierImportTests
{
    private static string Number(string twelve) => Hoshi.Domain.Organizations.CorporateNumber.CheckDigit(twelve).ToString(System.Globalization.CultureInfo.InvariantCulture) + twelve;

    private static readonly string Good = Number("700000000001");

    [Theory]
    [InlineData("法人番号", ImportColumn.CorporateNumber)]
    [InlineData("Corporate Number", ImportColumn.CorporateNumber)]
    [InlineData(" 取引先名 ", ImportColumn.Name)]
    [InlineData("Supplier_Code", ImportColumn.SupplierCode)]
    [InlineData("担当部署", ImportColumn.Department)]
    [InlineData("Contact e-mail", ImportColumn.ContactEmail)]
    [InlineData("ＴＡＧＳ", ImportColumn.Tags)]
    [InlineData("住所", null)]
    [InlineData("", null)]
    public void Headers_are_known_in_japanese_and_english(string header, ImportColumn? column) =>
        Assert.Equal(column, SupplierImport.ColumnOf(header));

    [Fact]
    public void Rows_are_refused_for_bad_numbers_repeats_missing_names_and_bad_addresses()
    {
        var seen = new HashSet<string>();
        var existing = new HashSet<string> { Number("700000000002") };
        string? Known(string number) => number == Good ? "台帳の名前" : null;

        var first = SupplierImport.Check(new ImportRow(2, Good, null, null, null, null, null), seen, existing, Known);
        Assert.True(first.Accepted);
        Assert.Equal("台帳の名前", first.Name);
        Assert.Equal(["duplicateInFile"], SupplierImport.Check(new ImportRow(3, Good, "x", null, null, null, null), seen, existing, Known).Problems);
        Assert.Equal(["alreadyInPortfolio"], SupplierImport.Check(new ImportRow(4, existing.First(), "x", null, null, null, null), seen, existing, Known).Problems);
        var wrongDigit = (char)('0' + ((Good[0] - '0' + 1) % 10)) + Good[1..];
        Assert.Equal(["corporateNumber.CheckDigit"], SupplierImport.Check(new ImportRow(5, wrongDigit, "x", null, null, null, null), seen, existing, Known).Problems);
        var unknown = Number("700000000003");
        Assert.Equal(["nameRequired"], SupplierImport.Check(new ImportRow(6, unknown, " ", null, null, null, null), seen, existing, Known).Problems);
        var other = Number("700000000004");
        Assert.Equal(["tooLong:department", "invalidEmail"], SupplierImport.Check(new ImportRow(7, other, "x", null, new string('部', 301), "not-mail", null), seen, existing, Known).Problems);
        Assert.Equal(["corporateNumber.Empty"], SupplierImport.Check(new ImportRow(8, "", "x", null, null, null, null), seen, existing, Known).Problems);
    }
}

public sealed class PortfolioChangesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static IReadOnlyList<ChangeKind> Kinds(EntryFacts entry) => [.. PortfolioChanges.Of(entry, Today).Select(c => c.Kind)];

    [Fact]
    public void New_entries_suspensions_revocations_and_reinstatements_within_90_days_are_listed()
    {
        var from = Today.AddDays(-10);
        Assert.Equal([ChangeKind.Certified], Kinds(new EntryFacts(Level.Star3, "valid", from, from.AddYears(1).AddDays(-1), from, null)));
        Assert.Empty(Kinds(new EntryFacts(Level.Star3, "valid", Today.AddDays(-91), Today.AddDays(200), Today.AddDays(-91), null)));
        Assert.Equal([ChangeKind.Suspended], Kinds(new EntryFacts(Level.Star4, "suspended", Today.AddDays(-400), Today.AddDays(300), Today.AddDays(-400), Today.AddDays(-2))));
        Assert.Equal([ChangeKind.Revoked], Kinds(new EntryFacts(Level.Star4, "revoked", Today.AddDays(-400), Today.AddDays(300), Today.AddDays(-400), Today.AddDays(-90))));
        Assert.Empty(Kinds(new EntryFacts(Level.Star4, "revoked", Today.AddDays(-400), Today.AddDays(300), Today.AddDays(-400), Today.AddDays(-91))));
        Assert.Equal([ChangeKind.Reinstated], Kinds(new EntryFacts(Level.Star4, "valid", Today.AddDays(-400), Today.AddDays(300), Today.AddDays(-400), Today.AddDays(-1))));
    }

    [Fact]
    public void Expiry_is_announced_within_60_days_and_listed_the_day_after_the_last_valid_day()
    {
        Assert.Equal([ChangeKind.ExpiryApproaching], Kinds(new EntryFacts(Level.Star3, "valid", Today.AddDays(-300), Today.AddDays(59), Today.AddDays(-300), null)));
        Assert.Empty(Kinds(new EntryFacts(Level.Star3, "valid", Today.AddDays(-300), Today.AddDays(60), Today.AddDays(-300), null)));
        Assert.Equal([ChangeKind.ExpiryApproaching], Kinds(new EntryFacts(Level.Star3, "valid", Today.AddDays(-300), Today, Today.AddDays(-300), null)));
        var expired = PortfolioChanges.Of(new EntryFacts(Level.Star3, "valid", Today.AddDays(-366), Today.AddDays(-1), Today.AddDays(-366), null), Today);
        Assert.Equal([new PortfolioChange(ChangeKind.Expired, Level.Star3, Today)], expired);
        Assert.Empty(Kinds(new EntryFacts(Level.Star3, "expired", Today.AddDays(-500), Today.AddDays(-100), Today.AddDays(-500), null)));
    }

    [Fact]
    public void Since_a_last_visit_only_events_on_or_after_its_day_count()
    {
        PortfolioChange[] changes =
        [
            new(ChangeKind.Certified, Level.Star3, Today.AddDays(-10)),
            new(ChangeKind.Suspended, Level.Star4, Today.AddDays(-3)),
            new(ChangeKind.Expired, Level.Star3, Today.AddDays(-2)),
            new(ChangeKind.Reinstated, Level.Star4, Today),
            new(ChangeKind.ExpiryApproaching, Level.Star3, Today.AddDays(30)),
        ];
        Assert.Equal([ChangeKind.Suspended, ChangeKind.Expired, ChangeKind.Reinstated], PortfolioChanges.Since(changes, Today.AddDays(-3)).Select(c => c.Kind));
        Assert.Equal([ChangeKind.Reinstated], PortfolioChanges.Since(changes, Today).Select(c => c.Kind));
        Assert.Empty(PortfolioChanges.Since(changes, Today.AddDays(1)));
        Assert.Equal(4, PortfolioChanges.Since(changes, Today.AddDays(-90)).Count());
    }
}
