using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Accounts;

public sealed class InvitationRulesTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Sent + InvitationRules.Lifetime;

    [Fact]
    public void An_invitation_lasts_seven_days()
    {
        Assert.Equal(TimeSpan.FromDays(7), InvitationRules.Lifetime);
        Assert.Equal(InvitationState.Open, InvitationRules.StateAt(Expires, null, null, Sent));
        Assert.Equal(InvitationState.Open, InvitationRules.StateAt(Expires, null, null, Expires.AddTicks(-1)));
        Assert.Equal(InvitationState.Expired, InvitationRules.StateAt(Expires, null, null, Expires));
    }

    [Fact]
    public void Accepted_and_revoked_win_over_expiry()
    {
        Assert.Equal(InvitationState.Accepted, InvitationRules.StateAt(Expires, Sent.AddDays(1), null, Expires.AddDays(30)));
        Assert.Equal(InvitationState.Revoked, InvitationRules.StateAt(Expires, null, Sent.AddDays(1), Expires.AddDays(30)));
        Assert.Equal(InvitationState.Revoked, InvitationRules.StateAt(Expires, null, Sent.AddDays(1), Sent.AddDays(2)));
    }

    [Theory]
    [InlineData(MembershipRole.OrgAdmin, new[] { OrganizationRole.Applicant }, true)]
    [InlineData(MembershipRole.Member, new[] { OrganizationRole.Buyer }, true)]
    [InlineData(MembershipRole.Officer, new[] { OrganizationRole.Applicant }, false)]
    [InlineData(MembershipRole.Officer, new[] { OrganizationRole.RegistrationBody }, true)]
    [InlineData(MembershipRole.Officer, new[] { OrganizationRole.AccreditationBody }, true)]
    [InlineData(MembershipRole.Officer, new[] { OrganizationRole.SchemeOwner }, true)]
    [InlineData(MembershipRole.Officer, new[] { OrganizationRole.EvaluationBody }, false)]
    [InlineData(MembershipRole.Assessor, new[] { OrganizationRole.EvaluationBody }, true)]
    [InlineData(MembershipRole.LeadAssessor, new[] { OrganizationRole.VerificationProvider }, true)]
    [InlineData(MembershipRole.Assessor, new[] { OrganizationRole.Buyer, OrganizationRole.Applicant }, false)]
    [InlineData(MembershipRole.LeadAssessor, new[] { OrganizationRole.RegistrationBody }, false)]
    public void Body_roles_are_offered_only_in_bodies(MembershipRole role, OrganizationRole[] organizationRoles, bool allowed) =>
        Assert.Equal(allowed, InvitationRules.MayInviteAs(role, organizationRoles));
}
