using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class ReopeningTests
{
    [Theory]
    [InlineData(Verdict.Conformant, false, true, true)]
    [InlineData(Verdict.Conformant, true, true, false)]
    [InlineData(Verdict.Conformant, false, false, false)]
    [InlineData(Verdict.Recheck, false, true, false)]
    [InlineData(Verdict.Nonconformant, false, true, false)]
    public void Only_a_conformant_verdict_on_an_unchanged_answer_by_the_same_expert_stands(Verdict verdict, bool answerChanged, bool sameExpert, bool stands) =>
        Assert.Equal(stands, Reopening.Stands(verdict, answerChanged, sameExpert));

    [Fact]
    public void Every_verdict_kind_is_either_kept_or_judged_again_and_only_conformant_is_kept() =>
        Assert.Equal([Verdict.Conformant], Enum.GetValues<Verdict>().Where(v => Reopening.Stands(v, answerChanged: false, judgedByChosenExpert: true)));
}
