using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class VerdictRulesTests
{
    [Theory]
    [InlineData(Verdict.Conformant, null, true)]
    [InlineData(Verdict.Conformant, "規程と記録を確認した", true)]
    [InlineData(Verdict.Recheck, null, false)]
    [InlineData(Verdict.Recheck, "  ", false)]
    [InlineData(Verdict.Recheck, "最終更新日を記載してください", true)]
    [InlineData(Verdict.Nonconformant, "", false)]
    [InlineData(Verdict.Nonconformant, "バックアップの記録がない", true)]
    public void A_remark_is_required_for_recheck_and_nonconformant(Verdict verdict, string? remark, bool ok)
    {
        Assert.Equal(verdict != Verdict.Conformant, VerdictRules.RemarkRequired(verdict));
        Assert.Equal(ok, VerdictRules.Check(verdict, remark) is null);
    }

    [Fact]
    public void Remarks_have_a_limit_and_unknown_verdicts_are_refused()
    {
        Assert.NotNull(VerdictRules.Check(Verdict.Conformant, new string('x', VerdictRules.MaxRemarkLength + 1)));
        Assert.NotNull(VerdictRules.Check((Verdict)9, "x"));
    }
}

public sealed class ScopeRulesTests
{
    private static readonly ScopeQuestionnaire Complete = new()
    {
        WholeCompany = true,
        BoundaryDevicesInScope = false,
        CloudInScope = true,
        ByodInScope = false,
        RemoteWorkInScope = true,
        Locations = "本社(愛知県豊田市)",
        FillerName = "山田 太郎",
        FillerDepartment = "総務部",
    };

    [Fact]
    public void A_complete_questionnaire_has_no_problems() => Assert.Empty(ScopeRules.Check(Complete));

    [Fact]
    public void An_empty_questionnaire_names_every_required_answer()
    {
        var fields = ScopeRules.Check(new ScopeQuestionnaire()).Select(p => p.Field).ToList();
        Assert.Equal(
            ["WholeCompany", "BoundaryDevicesInScope", "CloudInScope", "ByodInScope", "RemoteWorkInScope", "Locations", "FillerName", "FillerDepartment"],
            fields);
    }

    [Fact]
    public void A_partial_scope_asks_how_it_is_defined_and_separated()
    {
        var partial = Complete with { WholeCompany = false };
        Assert.Equal(["ScopeDefinition", "ExclusionProtection"], ScopeRules.Check(partial).Select(p => p.Field));
        Assert.Empty(ScopeRules.Check(partial with { ScopeDefinition = "本社の事務部門", ExclusionProtection = "工場ネットワークとはファイアウォールで分離" }));
    }

    [Fact]
    public void Question_4_1_is_asked_only_when_4_is_yes()
    {
        Assert.Equal(["BoundaryProtection"], ScopeRules.Check(Complete with { BoundaryDevicesInScope = true }).Select(p => p.Field));
        Assert.Empty(ScopeRules.Check(Complete with { BoundaryDevicesInScope = true, BoundaryProtection = "UTMで通信を制限" }));
    }

    [Fact]
    public void Normalizing_drops_answers_to_questions_no_longer_asked()
    {
        var changed = ScopeRules.Normalize(Complete with { BoundaryDevicesInScope = false, BoundaryProtection = "前の回答", ScopeDefinition = "前の回答", Locations = "  本社  " });
        Assert.Null(changed.BoundaryProtection);
        Assert.Null(changed.ScopeDefinition);
        Assert.Equal("本社", changed.Locations);
    }

    [Fact]
    public void Group_entities_need_a_valid_corporate_number_each_once()
    {
        var group = Complete with { OtherEntities = [new("株式会社ほしの販売", "5010401067252"), new("", "1180301018772")] };
        var problems = ScopeRules.Check(group).Select(p => (p.Field, p.Code)).ToList();
        Assert.Equal([("OtherEntities[1].Name", "required"), ("OtherEntities[1].CorporateNumber", "corporateNumber.CheckDigit")], problems);

        var twice = Complete with { OtherEntities = [new("A", "5010401067252"), new("B", "5010-4010-67252")] };
        Assert.Contains(ScopeRules.Check(twice), p => p.Code == "duplicate");
        Assert.Equal("5010401067252", ScopeRules.Normalize(twice).OtherEntities[1].CorporateNumber);
    }

    [Fact]
    public void Texts_and_numbers_have_limits_even_in_a_draft()
    {
        var shape = ScopeRules.CheckShape(new ScopeQuestionnaire { Locations = new string('x', ScopeRules.MaxTextLength + 1), FillerExperienceYears = -1 });
        Assert.Equal([("Locations", "tooLong"), ("FillerExperienceYears", "outOfRange")], shape.Select(p => (p.Field, p.Code)));
    }
}
