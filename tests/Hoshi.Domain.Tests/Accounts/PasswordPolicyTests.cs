using Hoshi.Domain.Accounts;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("ほしのせいみつぶひんこうじょう")]
    [InlineData("alllowercaseletters")]
    [InlineData("123498761234")]
    public void Check_AcceptsLongUncommonPasswords_WithoutCompositionRules(string password) =>
        Assert.Null(PasswordPolicy.Check(password));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public void Check_RefusesFewerThan12Characters(string? password) =>
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check(password));

    [Fact]
    public void Check_CountsJapaneseCharacters_AsPeopleSeeThem()
    {
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check("星のまちの工場です"));
        Assert.Null(PasswordPolicy.Check("星のまちの小さな部品工場です"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("Administrator")]
    public void Check_RefusesCommonPasswords_WhateverTheirCase(string password) =>
        Assert.Equal(PasswordProblem.Common, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("qazwsxedcrfv")]
    [InlineData("LeaveMeAlone")]
    [InlineData("finalfantasy")]
    [InlineData("sonyericsson")]
    public void Check_RefusesLongPasswordsOfTheBundledBreachList(string password) =>
        Assert.Equal(PasswordProblem.Common, PasswordPolicy.Check(password));

    [Fact]
    public void The_probes_weak_password_is_refused() =>
        Assert.NotNull(PasswordPolicy.Check("aaaaaaaaaaaa"));

    [Fact]
    public void The_bundled_list_holds_at_least_100000_passwords() =>
        Assert.True(PasswordPolicy.BundledListSize >= 100_000, $"{PasswordPolicy.BundledListSize} passwords");

    [Theory]
    [InlineData("mmmmmmmmmmmmmmmmmmm")]
    [InlineData("ＡＡＡＡＡＡＡＡＡＡＡＡ")]
    [InlineData("ほほほほほほほほほほほほ")]
    [InlineData("xyzxyzxyzxyzxyz")]
    [InlineData("abababababab")]
    [InlineData("hoshhoshhoshhosh")]
    [InlineData("abcdefghijklm")]
    [InlineData("zyxwvutsrqpo")]
    [InlineData("345678901234")]
    [InlineData("876543210987")]
    [InlineData("aabbaabbaabbab")]
    public void Check_RefusesRepeatedAndSequentialPasswords(string password) =>
        Assert.Equal(PasswordProblem.Repetitive, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("abcdefghijk1")]
    [InlineData("hoshihoshi-2026")]
    [InlineData("ありがとうございます")]
    public void IsRepetitive_LeavesPasswordsThatOnlyStartLikeAPattern(string password) =>
        Assert.False(PasswordPolicy.IsRepetitive(password));

    [Fact]
    public void Check_RefusesMoreThan256Characters() =>
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(new string('x', 257)));

    [Theory]
    [InlineData(MembershipRole.Officer, true)]
    [InlineData(MembershipRole.Assessor, true)]
    [InlineData(MembershipRole.LeadAssessor, true)]
    [InlineData(MembershipRole.OrgAdmin, false)]
    [InlineData(MembershipRole.Member, false)]
    public void RequiresTwoFactor_ForEveryoneWhoJudgesOrRegisters(MembershipRole role, bool required) =>
        Assert.Equal(required, role.RequiresTwoFactor());
}
