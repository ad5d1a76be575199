using Hoshi.Domain.Guidance;

namespace Hoshi.Domain.Tests.Guidance;

public sealed class PolicyTemplateTests
{
    private const string File = """
        {"format":"hoshi-templates/1","templates":[{"id":"t","title":{"ja":"方針","en":"Policy"},"criteria":["1-3-1-1"],
          "fields":[{"name":"company","label":{"ja":"会社名"},"kind":"text","required":true},
                    {"name":"effective","label":{"ja":"制定日"},"kind":"date","required":true},
                    {"name":"contacts","label":{"ja":"連絡先"},"kind":"lines","required":false}],
          "body":[{"kind":"heading","text":"{{company}}の方針"},{"kind":"list","items":["制定:{{effective}}"]},{"kind":"lines","field":"contacts"}]}]}
        """;

    private static readonly PolicyTemplate Template = PolicyTemplates.Parse(File)[0];

    [Fact]
    public void Values_fill_the_placeholders_dates_in_japanese_and_lines_one_item_each()
    {
        var filled = Template.Fill(new Dictionary<string, string?> { ["company"] = " 株式会社ほしの ", ["effective"] = "2026-04-01", ["contacts"] = "星野\n\n山田 " });
        Assert.Equal([("heading", "株式会社ほしのの方針"), ("item", "制定:2026年4月1日"), ("item", "星野"), ("item", "山田")], filled.Select(b => (b.Kind, b.Text)));
        Assert.Equal("「方針」(2026年4月1日作成)に定めています。", Template.SuggestedSupplement(new DateOnly(2026, 4, 1)));
    }

    [Theory]
    [InlineData("", "2026-04-01", "company", "required")]
    [InlineData("会社", "2026/04/01", "effective", "date")]
    [InlineData("会社\n改行", "2026-04-01", "company", "oneLine")]
    [InlineData("会社\u0007", "2026-04-01", "company", "control")]
    public void Bad_values_are_named_by_field(string company, string effective, string field, string problem)
    {
        var problems = Template.Check(new Dictionary<string, string?> { ["company"] = company, ["effective"] = effective });
        Assert.Equal(problem, problems[field]);
        Assert.Throws<ArgumentException>(() => Template.Fill(new Dictionary<string, string?> { ["company"] = company, ["effective"] = effective }));
    }

    [Fact]
    public void Overlong_text_is_refused_and_a_placeholder_naming_no_field_is_a_broken_file()
    {
        Assert.Equal("tooLong", Template.Check(new Dictionary<string, string?> { ["company"] = new string('あ', PolicyTemplate.MaxTextLength + 1), ["effective"] = "2026-04-01" })["company"]);
        Assert.Throws<FormatException>(() => PolicyTemplates.Parse(File.Replace("{{company}}の方針", "{{nobody}}の方針", StringComparison.Ordinal)));
    }
}
