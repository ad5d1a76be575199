using Hoshi.Web.Shared.Pdf;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Japanese line breaking in Hoshi's PDFs, measured here one unit a character.</summary>
public sealed class KinsokuTests
{
    private static List<string> Wrap(string text, double width) => Kinsoku.Wrap(text, width, s => s.Length);

    [Fact]
    public void Japanese_breaks_between_any_two_characters() =>
        Assert.Equal(["経営層が", "承認する", "規程"], Wrap("経営層が承認する規程", 4));

    [Fact]
    public void A_small_kana_stays_with_the_character_before_it() =>
        Assert.Equal(["情報セキュ", "リティ規", "程"], Wrap("情報セキュリティ規程", 4));

    [Fact]
    public void A_full_stop_or_comma_never_starts_a_line_it_hangs_at_the_end() =>
        Assert.Equal(["規程を定め", "ること。次", "に、"], Wrap("規程を定めること。次に、", 5));

    [Fact]
    public void Punctuation_at_the_edge_hangs()
    {
        var lines = Wrap("規程を定める。次に進む", 6);
        Assert.Equal(["規程を定める。", "次に進む"], lines);
    }

    [Fact]
    public void A_closing_bracket_hangs_and_an_opening_bracket_goes_down()
    {
        Assert.Equal(["「規程」を", "定める"], Wrap("「規程」を定める", 5));
        Assert.Equal(["規程を", "「定める」"], Wrap("規程を「定める」", 4));
    }

    [Fact]
    public void Latin_words_break_at_spaces_and_an_overlong_word_anywhere()
    {
        Assert.Equal(["Change the", "default", "password"], Wrap("Change the default password", 10));
        Assert.Equal(["eyJhbGciOi", "JFUzI1NiJ9"], Wrap("eyJhbGciOiJFUzI1NiJ9", 10));
    }

    [Fact]
    public void Line_breaks_in_the_text_are_kept_and_a_surrogate_pair_stays_whole()
    {
        Assert.Equal(["一行目", "二行目"], Wrap("一行目\r\n二行目", 10));
        Assert.Equal(["𠮷野家", "の規程"], Wrap("𠮷野家の規程", 4));
    }

    [Fact]
    public void No_line_starts_with_a_character_that_may_not_start_one()
    {
        const string text = "情報セキュリティ基本方針を定め、経営層が承認すること。承認の記録(議事録など)を残すこと。「規程類のひな形」を使ってよい。";
        foreach (var width in Enumerable.Range(3, 20))
        {
            var lines = Wrap(text, width);
            Assert.Equal(text, string.Concat(lines));
            Assert.All(lines.Skip(1), l => Assert.DoesNotContain(l[0], Kinsoku.NoStart));
            Assert.All(lines.Take(lines.Count - 1), l => Assert.DoesNotContain(l[^1], Kinsoku.NoEnd));
        }
    }
}
