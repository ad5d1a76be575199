using System.Text.Json;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Guidance;

namespace Hoshi.Domain.Tests.Guidance;

public sealed class CriterionHelpTests
{
    private static LocalizedText Both(string ja, string en) => new([new("ja", ja), new("en", en)]);

    private static CriterionHelp Complete(string id = "1-2-1-1") =>
        new(id, Both("意味", "meaning"), Both("方法", "practice"), Both("根拠", "evidence"), Both("例", "example"), Both("見るところ", "for experts"), HelpAction.WriteRule, 2);

    [Fact]
    public void Complete_help_has_no_problems_and_survives_a_round_trip_through_json()
    {
        var help = Complete();
        Assert.Empty(help.Problems());
        using var document = JsonDocument.Parse(help.ToJson());
        var back = CriterionHelp.FromJson("1-2-1-1", document.RootElement);
        Assert.Equal(help.Fields.Select(f => (f.Name, f.Text)), back.Fields.Select(f => (f.Name, f.Text)));
        Assert.Equal((HelpAction.WriteRule, 2m), (back.Action, back.EffortHours));
        Assert.Contains("\"action\":\"writeRule\"", help.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_english_overlong_text_and_effort_out_of_range_are_problems()
    {
        var help = Complete() with { Example = LocalizedText.Ja("例"), Meaning = Both(new string('あ', CriterionHelp.MaxFieldLength + 1), "m"), EffortHours = 0 };
        Assert.Equal(["meaning.ja: longer than 4000 characters", "example.en: missing", "effortHours: from 0.5 to 200"], help.Problems());
    }

    [Theory]
    [InlineData("""{"format":"other","catalog":"c","criteria":{}}""")]
    [InlineData("""{"format":"hoshi-help/1","criteria":{}}""")]
    [InlineData("""{"format":"hoshi-help/1","catalog":"c"}""")]
    [InlineData("""{"format":"hoshi-help/1","catalog":"c","criteria":{"x":{"meaning":{"en":"only english"}}}}""")]
    public void Files_that_are_not_complete_help_files_are_refused(string json) =>
        Assert.Throws<FormatException>(() => HelpFile.Parse(json));

    [Fact]
    public void An_unknown_action_is_refused()
    {
        var json = Complete().ToJson().Replace("writeRule", "doMagic", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Throws<FormatException>(() => CriterionHelp.FromJson("1-2-1-1", document.RootElement));
    }
}
