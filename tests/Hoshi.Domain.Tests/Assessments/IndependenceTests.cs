using Hoshi.Domain.Assessments;

namespace Hoshi.Domain.Tests.Assessments;

public sealed class IndependenceTests
{
    private static readonly Guid Person = Guid.NewGuid();
    private static readonly Guid Applicant = Guid.NewGuid();
    private static readonly Guid Parent = Guid.NewGuid();
    private static readonly Guid GrandParent = Guid.NewGuid();
    private static readonly Guid Elsewhere = Guid.NewGuid();
    private const string GroupCompanyNumber = "1234567890123";

    private static JudgedRound Round(IReadOnlyCollection<Guid>? editors = null, IReadOnlyCollection<Guid>? advisers = null) =>
        new(Applicant, [Parent, GrandParent], [GroupCompanyNumber], editors ?? [], advisers ?? []);

    private static ConflictOfInterest Check(params PersonOrganization[] memberships) => Independence.Check(Person, memberships, Round());

    [Fact]
    public void An_outside_expert_is_independent()
    {
        Assert.Equal(ConflictOfInterest.None, Check(new PersonOrganization(Elsewhere, "9999999999999")));
        Assert.Equal(ConflictOfInterest.None, Check());
    }

    [Fact]
    public void A_member_of_the_applicant_may_not_judge_it() =>
        Assert.Equal(ConflictOfInterest.MemberOfApplicant, Check(new PersonOrganization(Elsewhere, null), new PersonOrganization(Applicant, "1111111111111")));

    [Fact]
    public void A_member_of_its_parent_or_a_parent_further_up_may_not_judge_it()
    {
        Assert.Equal(ConflictOfInterest.MemberOfParent, Check(new PersonOrganization(Parent, null)));
        Assert.Equal(ConflictOfInterest.MemberOfParent, Check(new PersonOrganization(GrandParent, null)));
    }

    [Fact]
    public void A_member_of_a_group_company_in_the_scope_may_not_judge_it() =>
        Assert.Equal(ConflictOfInterest.MemberOfGroupCompany, Check(new PersonOrganization(Elsewhere, GroupCompanyNumber)));

    [Fact]
    public void Whoever_edited_the_scope_or_answers_may_not_judge_it()
    {
        Assert.Equal(ConflictOfInterest.EditedRound, Independence.Check(Person, [], Round(editors: [Guid.NewGuid(), Person])));
        Assert.Equal(ConflictOfInterest.None, Independence.Check(Person, [], Round(editors: [Guid.NewGuid()])));
    }

    [Fact]
    public void The_rounds_adviser_may_not_judge_it() =>
        Assert.Equal(ConflictOfInterest.Adviser, Independence.Check(Person, [], Round(advisers: [Person])));

    [Fact]
    public void A_membership_added_after_the_choice_blocks_the_next_check()
    {
        // The rule is asked again with the memberships of the moment, at every verdict and decision.
        List<PersonOrganization> memberships = [new(Elsewhere, null)];
        Assert.Equal(ConflictOfInterest.None, Independence.Check(Person, memberships, Round()));
        memberships.Add(new PersonOrganization(Applicant, null));
        Assert.Equal(ConflictOfInterest.MemberOfApplicant, Independence.Check(Person, memberships, Round()));
    }

    [Fact]
    public void Membership_is_named_before_editing_and_advising()
    {
        Assert.Equal(ConflictOfInterest.MemberOfApplicant, Independence.Check(Person, [new(Applicant, null)], Round(editors: [Person], advisers: [Person])));
        Assert.Equal(ConflictOfInterest.Adviser, Independence.Check(Person, [], Round(editors: [Person], advisers: [Person])));
    }

    [Fact]
    public void Parents_are_followed_nearest_first_and_a_cycle_stops()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        var parents = new Dictionary<Guid, Guid> { [a] = b, [b] = c };
        Assert.Equal([b, c], Independence.ParentsOf(a, id => parents.TryGetValue(id, out var p) ? p : null));
        parents[c] = a;
        Assert.Equal([b, c], Independence.ParentsOf(a, id => parents.TryGetValue(id, out var p) ? p : null));
        Assert.Empty(Independence.ParentsOf(c, _ => null));
    }
}
