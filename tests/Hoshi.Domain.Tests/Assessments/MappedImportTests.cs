using System.Text.Json.Nodes;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Tests.Catalog;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class MappedImportTests
{
    private const string Jama = "自工会・部工会サイバーセキュリティガイドライン v2.3";

    /// <summary>The sample catalog with guideline items: No.9 and No.10 on 2-1-10-1 (★3/★4), No.10 on 2-1-10-2 and No.11 on 2-1-9-1 (★4 only).</summary>
    private static readonly CatalogVersion Sample = Build();

    private static CatalogVersion Build()
    {
        var json = SampleCatalog.Valid();
        foreach (var requirement in json["requirements"]!.AsArray())
        {
            foreach (var criterion in requirement!["criteria"]!.AsArray())
            {
                var reference = criterion!["id"]!.GetValue<string>() switch
                {
                    "2-1-10-1" => "No.9 (LV1), No.10 (LV2) ",
                    "2-1-10-2" => "No.10 (LV2)",
                    "2-1-9-1" => "No.11 (LV1)",
                    _ => null,
                };
                if (reference is not null)
                {
                    var mappings = criterion["mappings"] as JsonArray ?? [];
                    mappings.Add(new JsonObject { ["framework"] = Jama, ["ref"] = reference });
                    criterion["mappings"] = mappings;
                }
            }
        }

        return CatalogReader.Parse(json.ToJsonString(), "sample");
    }

    private static readonly Dictionary<string, string> Words = new() { ["○"] = YesNo.Yes, ["×"] = YesNo.No, ["-"] = YesNo.NotApplicable };

    private static string? ValueOf(string cell) => Words.GetValueOrDefault(cell.Trim());

    [Theory]
    [InlineData("No.9 (LV1), No.10 (LV2) ", new[] { "No.9", "No.10" })]
    [InlineData("No.11 (LV1)", new[] { "No.11" })]
    [InlineData("A2.9,\nA4.5", new[] { "A2.9", "A4.5" })]
    [InlineData("1.1(4)\u30002.1.3", new[] { "1.1(4)", "2.1.3" })]
    [InlineData("5.3, A.5.2, A.5.4", new[] { "5.3", "A.5.2", "A.5.4" })]
    [InlineData("A.8.8 、A.8.8", new[] { "A.8.8" })]
    public void A_mapping_reference_splits_into_item_ids_without_level_notes(string reference, string[] items) =>
        Assert.Equal(items, MappedImport.ItemsOf(reference));

    [Fact]
    public void The_frameworks_of_a_level_count_the_yes_no_criteria_they_reach()
    {
        Assert.Equal([(Jama, 3), ("ISO/IEC 27001:2022", 1)], MappedImport.Frameworks(Sample, Level.Star4));
        Assert.Equal([("ISO/IEC 27001:2022", 1), (Jama, 1)], MappedImport.Frameworks(Sample, Level.Star3));
    }

    [Fact]
    public void Agreeing_items_propose_one_answer_per_criterion_with_their_notes_and_names()
    {
        MappedRow[] rows = [new(2, "No.9", "○", "情報セキュリティ規程"), new(3, "10", "○", null), new(4, "ＮＯ．１１", "×", "未導入")];
        var plan = MappedImport.Plan(Sample, Level.Star4, Jama, rows, ValueOf);
        Assert.False(plan.Refused);
        Assert.Empty(plan.Disagreeing);
        Assert.Equal(
            [
                new MappedProposal("2-1-9-1", YesNo.No, "ＮＯ．１１: 未導入", ["ＮＯ．１１"]),
                new MappedProposal("2-1-10-1", YesNo.Yes, "No.9: 情報セキュリティ規程", ["No.9", "10"]),
                new MappedProposal("2-1-10-2", YesNo.Yes, null, ["10"]),
            ],
            plan.Proposals,
            new ProposalComparer());
    }

    [Fact]
    public void Items_that_disagree_on_a_criterion_propose_nothing_for_it()
    {
        MappedRow[] rows = [new(1, "No.9", "○", null), new(2, "No.10", "×", null)];
        var plan = MappedImport.Plan(Sample, Level.Star4, Jama, rows, ValueOf);
        Assert.Equal(["2-1-10-1"], plan.Disagreeing);
        Assert.Equal(["2-1-10-2"], plan.Proposals.Select(p => p.CriterionId));
        Assert.Equal(YesNo.No, plan.Proposals[0].Value);
    }

    [Fact]
    public void Any_refused_row_is_named_by_its_line_and_nothing_is_proposed()
    {
        MappedRow[] rows = [new(2, "No.9", "○", null), new(3, "No.99", "○", null), new(4, "No.10", "たぶん", null), new(5, "no.9", "×", null), new(6, " ", "○", null)];
        var plan = MappedImport.Plan(Sample, Level.Star4, Jama, rows, ValueOf);
        Assert.True(plan.Refused);
        Assert.Empty(plan.Proposals);
        Assert.Equal(
            [new MappedRowProblem(3, "No.99", "unknown-item"), new MappedRowProblem(4, "No.10", "bad-answer"), new MappedRowProblem(5, "no.9", "duplicate"), new MappedRowProblem(6, "", "missing-item")],
            plan.Problems);
    }

    [Fact]
    public void An_item_mapped_only_to_criteria_of_another_level_is_unknown_on_this_sheet()
    {
        var plan = MappedImport.Plan(Sample, Level.Star3, Jama, [new MappedRow(1, "No.11", "○", null)], ValueOf);
        Assert.Equal([new MappedRowProblem(1, "No.11", "unknown-item")], plan.Problems);
    }

    [Fact]
    public void Another_frameworks_ids_are_not_this_ones()
    {
        var plan = MappedImport.Plan(Sample, Level.Star4, "ISO/IEC 27001:2022", [new MappedRow(1, "No.9", "○", null), new MappedRow(2, "A.5.17", "○", null)], ValueOf);
        Assert.Equal([new MappedRowProblem(1, "No.9", "unknown-item")], plan.Problems);
    }

    [Fact]
    public void The_shipped_catalog_maps_the_automotive_guideline_onto_most_of_the_star3_sheet()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Shipped("scs-2026-03"), "final");
        var (framework, reached) = MappedImport.Frameworks(catalog, Level.Star3).Single(f => f.Framework.StartsWith("自工会", StringComparison.Ordinal));
        Assert.True(reached > 40, $"{framework} reaches {reached} criteria");
        var first = catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).First(c => c.Mappings.Any(m => m.Framework == framework));
        var item = MappedImport.ItemsOf(first.Mappings.First(m => m.Framework == framework).Ref)[0];
        Assert.StartsWith("No.", item, StringComparison.Ordinal);
        var plan = MappedImport.Plan(catalog, Level.Star3, framework, [new MappedRow(1, item, "○", "規程")], ValueOf);
        Assert.Contains(plan.Proposals, p => p.CriterionId == first.Id);
        Assert.All(plan.Proposals, p => Assert.Contains(catalog.FindCriterion(p.CriterionId)!.Mappings, m => m.Framework == framework && MappedImport.ItemsOf(m.Ref).Contains(item)));
        Assert.All(plan.Proposals, p => Assert.True(catalog.FindCriterion(p.CriterionId)!.AppliesTo(Level.Star3)));
    }

    private sealed class ProposalComparer : IEqualityComparer<MappedProposal>
    {
        public bool Equals(MappedProposal? x, MappedProposal? y) =>
            x is not null && y is not null && x.CriterionId == y.CriterionId && x.Value == y.Value && x.Supplement == y.Supplement && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(MappedProposal obj) => obj.CriterionId.GetHashCode(StringComparison.Ordinal);
    }
}
