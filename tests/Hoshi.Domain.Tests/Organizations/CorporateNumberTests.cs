using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Organizations;

public sealed class CorporateNumberTests
{
    [Theory]
    [InlineData("1180301018771")]
    [InlineData("5010401067252")]
    [InlineData("4000012090001")]
    public void TryParse_AcceptsRealNumbers(string input)
    {
        Assert.True(CorporateNumber.TryParse(input, out var number, out _));
        Assert.Equal(input, number.Value);
    }

    [Theory]
    [InlineData("１１８０３０１０１８７７１", "1180301018771")]
    [InlineData("1180 3010 18771", "1180301018771")]
    [InlineData(" 1180301018771\t", "1180301018771")]
    [InlineData("1180-3010-18771", "1180301018771")]
    [InlineData("５０１０－４０１０－６７２５２", "5010401067252")]
    [InlineData("4000012090001　", "4000012090001")]
    [InlineData("５０１０ー４０１０ー６７２５２", "5010401067252")]
    [InlineData("5010ｰ4010―67252", "5010401067252")]
    public void TryParse_NormalizesFullWidthDigits_AndStripsSpacesAndHyphens(string input, string expected)
    {
        Assert.True(CorporateNumber.TryParse(input, out var number, out _));
        Assert.Equal(expected, number.Value);
    }

    [Theory]
    [InlineData("2180301018771")]
    [InlineData("1180301018772")]
    [InlineData("9010401067252")]
    public void TryParse_RefusesAWrongCheckDigit(string input)
    {
        Assert.False(CorporateNumber.TryParse(input, out _, out var error));
        Assert.Equal(CorporateNumberError.CheckDigit, error);
    }

    [Theory]
    [InlineData("180301018771")]
    [InlineData("11803010187710")]
    [InlineData("1")]
    public void TryParse_RefusesAWrongLength(string input)
    {
        Assert.False(CorporateNumber.TryParse(input, out _, out var error));
        Assert.Equal(CorporateNumberError.Length, error);
    }

    [Theory]
    [InlineData("118030101877A")]
    [InlineData("T1180301018771")]
    [InlineData("1180301018771.")]
    [InlineData("一一八〇三〇一〇一八七七一")]
    public void TryParse_RefusesLettersAndOtherCharacters(string input)
    {
        Assert.False(CorporateNumber.TryParse(input, out _, out var error));
        Assert.Equal(CorporateNumberError.Characters, error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("- -")]
    public void TryParse_RefusesNothing(string? input)
    {
        Assert.False(CorporateNumber.TryParse(input, out _, out var error));
        Assert.Equal(CorporateNumberError.Empty, error);
    }

    [Fact]
    public void CheckDigit_FollowsTheNationalTaxAgencyFormula()
    {
        // 180301018771: digits from the right 1,7,7,8,1,0,1,0,3,0,8,1 weighted 1,2,1,2,… sum to 53; 9 − 53 mod 9 = 1.
        Assert.Equal(1, CorporateNumber.CheckDigit("180301018771"));
        Assert.Throws<ArgumentException>(() => CorporateNumber.CheckDigit("123"));
    }

    [Fact]
    public void Describe_SaysWhatIsWrong()
    {
        Assert.Contains("13 digits; this has 12", CorporateNumber.Describe(CorporateNumberError.Length, "180301018771"), StringComparison.Ordinal);
        Assert.Contains("must be 1, not 2", CorporateNumber.Describe(CorporateNumberError.CheckDigit, "2180301018771"), StringComparison.Ordinal);
        Assert.Contains("only digits", CorporateNumber.Describe(CorporateNumberError.Characters, "A"), StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => CorporateNumber.Parse("2180301018771"));
        Assert.Contains("check digit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_WithTheSameDigits_AreEqual() =>
        Assert.Equal(CorporateNumber.Parse("1180-3010-18771"), CorporateNumber.Parse("１１８０３０１０１８７７１"));
}
