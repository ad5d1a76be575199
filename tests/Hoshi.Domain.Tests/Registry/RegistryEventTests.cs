using System.Text;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class RegistryEventTests
{
    [Fact]
    public void Canonical_json_sorts_keys_drops_whitespace_and_keeps_japanese_as_utf8()
    {
        var json = CanonicalJson.Serialize(new Dictionary<string, object?>
        {
            ["b"] = "改行\n\"引用\"\\",
            ["a"] = 3,
            ["C"] = new List<string> { "x", "y" },
            ["d"] = null,
            ["e"] = true,
            ["f"] = "\u0001",
        });
        Assert.Equal("{\"C\":[\"x\",\"y\"],\"a\":3,\"b\":\"改行\\n\\\"引用\\\"\\\\\",\"d\":null,\"e\":true,\"f\":\"\\u0001\"}", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Canonical_json_refuses_what_it_cannot_write_canonically() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new Dictionary<string, object?> { ["x"] = 1.5 }));

    [Fact]
    public void An_event_leaf_names_every_field_once_in_a_fixed_order()
    {
        var entry = Guid.Parse("01900000-0000-7000-8000-000000000001");
        var certificate = Guid.Parse("01900000-0000-7000-8000-000000000002");
        var leaf = new RegistryEvent(RegistryEventKind.Suspended, entry, certificate, ["7000012050002", "1000020010006"], Level.Star4,
            new DateOnly(2026, 4, 1), new DateOnly(2029, 3, 31), new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(9)), "監査で虚偽").ToCanonicalJson();
        Assert.Equal(
            "{\"certificateId\":\"01900000-0000-7000-8000-000000000002\",\"corporateNumbers\":[\"1000020010006\",\"7000012050002\"],\"entryId\":\"01900000-0000-7000-8000-000000000001\",\"event\":\"suspended\",\"level\":4,\"reason\":\"監査で虚偽\",\"timestamp\":\"2026-11-23T00:00:00Z\",\"validFrom\":\"2026-04-01\",\"validUntil\":\"2029-03-31\"}",
            Encoding.UTF8.GetString(leaf));
    }

    [Theory]
    [InlineData(EntryStatus.Valid, RegistryAction.Suspend, null)]
    [InlineData(EntryStatus.Expired, RegistryAction.Suspend, "notValid")]
    [InlineData(EntryStatus.Suspended, RegistryAction.Suspend, "notValid")]
    [InlineData(EntryStatus.Revoked, RegistryAction.Suspend, "revoked")]
    [InlineData(EntryStatus.Suspended, RegistryAction.Reinstate, null)]
    [InlineData(EntryStatus.Valid, RegistryAction.Reinstate, "notSuspended")]
    [InlineData(EntryStatus.Expired, RegistryAction.Reinstate, "notSuspended")]
    [InlineData(EntryStatus.Revoked, RegistryAction.Reinstate, "revoked")]
    [InlineData(EntryStatus.Valid, RegistryAction.Revoke, null)]
    [InlineData(EntryStatus.Suspended, RegistryAction.Revoke, null)]
    [InlineData(EntryStatus.Expired, RegistryAction.Revoke, null)]
    [InlineData(EntryStatus.Revoked, RegistryAction.Revoke, "revoked")]
    public void Suspension_can_be_lifted_revocation_is_final(EntryStatus current, RegistryAction action, string? refusal) =>
        Assert.Equal(refusal, RegistryStatusRules.Refusal(current, action, "理由"));

    [Theory]
    [InlineData(null, "reasonRequired")]
    [InlineData("  ", "reasonRequired")]
    [InlineData("理由", null)]
    public void Every_change_needs_a_reason(string? reason, string? refusal) =>
        Assert.Equal(refusal, RegistryStatusRules.Refusal(EntryStatus.Valid, RegistryAction.Suspend, reason));

    [Fact]
    public void A_reason_has_a_length_limit() =>
        Assert.Equal("reasonTooLong", RegistryStatusRules.Refusal(EntryStatus.Valid, RegistryAction.Revoke, new string('あ', RegistryStatusRules.MaxReasonLength + 1)));

    [Theory]
    [InlineData(RegistryAction.Suspend, "suspended", RegistryEventKind.Suspended)]
    [InlineData(RegistryAction.Reinstate, "valid", RegistryEventKind.Reinstated)]
    [InlineData(RegistryAction.Revoke, "revoked", RegistryEventKind.Revoked)]
    public void Each_action_records_its_status_and_log_event(RegistryAction action, string recorded, RegistryEventKind kind)
    {
        Assert.Equal(recorded, RegistryStatusRules.RecordedAfter(action));
        Assert.Equal(kind, RegistryStatusRules.EventOf(action));
    }

    [Fact]
    public void The_registering_body_an_accreditation_body_or_the_scheme_owner_may_change_an_entry()
    {
        var body = Guid.NewGuid();
        Actor Person(Guid organization, MembershipRole role, OrganizationRole kind, bool twoFactor = true) =>
            new(Guid.NewGuid(), [new MembershipGrant(organization, role, [kind])], false, twoFactor);
        Assert.True(RegistryStatusRules.MayChange(Person(body, MembershipRole.Officer, OrganizationRole.RegistrationBody), body));
        Assert.False(RegistryStatusRules.MayChange(Person(body, MembershipRole.Officer, OrganizationRole.RegistrationBody, twoFactor: false), body));
        Assert.False(RegistryStatusRules.MayChange(Person(Guid.NewGuid(), MembershipRole.Officer, OrganizationRole.RegistrationBody), body));
        Assert.True(RegistryStatusRules.MayChange(Person(Guid.NewGuid(), MembershipRole.Officer, OrganizationRole.AccreditationBody), body));
        Assert.True(RegistryStatusRules.MayChange(Person(Guid.NewGuid(), MembershipRole.OrgAdmin, OrganizationRole.SchemeOwner), body));
        Assert.False(RegistryStatusRules.MayChange(Person(body, MembershipRole.Member, OrganizationRole.RegistrationBody), body));
        Assert.False(RegistryStatusRules.MayChange(Person(Guid.NewGuid(), MembershipRole.OrgAdmin, OrganizationRole.Applicant), body));
    }

    [Theory]
    [InlineData("ホシ製作所", "ほし製作所")]
    [InlineData("ﾎｼ製作所", "ほし製作所")]
    [InlineData("ﾎﾞｰﾄ", "ぼーと")]
    [InlineData("ＡＢＣ 株式会社", "abc株式会社")]
    [InlineData("星・工業", "星工業")]
    [InlineData(null, "")]
    public void Search_text_folds_kana_width_and_case(string? input, string expected) => Assert.Equal(expected, SearchText.Normalize(input));
}
