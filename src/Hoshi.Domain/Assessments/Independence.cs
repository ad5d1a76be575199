namespace Hoshi.Domain.Assessments;

/// <summary>Why a person may not judge a round (★3 review, ★4 assessment). The names are the refusals' stable codes.</summary>
public enum ConflictOfInterest
{
    /// <summary>Independent: may judge.</summary>
    None,

    /// <summary>A member of the applicant itself.</summary>
    MemberOfApplicant,

    /// <summary>A member of the applicant's parent (or a parent further up).</summary>
    MemberOfParent,

    /// <summary>A member of a group company named in the round's scope.</summary>
    MemberOfGroupCompany,

    /// <summary>Edited the round's scope or answers.</summary>
    EditedRound,

    /// <summary>Invited to the round as the applicant's adviser.</summary>
    Adviser,
}

/// <summary>One organization the person belongs to, as independence sees it.</summary>
public sealed record PersonOrganization(Guid OrganizationId, string? CorporateNumber);

/// <summary>
/// The round judged: the applicant, its parents (nearest first), the 法人番号 of the group
/// companies in its scope, and the people who edited it or advise it.
/// </summary>
public sealed record JudgedRound(
    Guid ApplicantId,
    IReadOnlyCollection<Guid> ParentIds,
    IReadOnlyCollection<string> ScopeCorporateNumbers,
    IReadOnlyCollection<Guid> Editors,
    IReadOnlyCollection<Guid> Advisers);

/// <summary>
/// Whoever judges never belongs to the judged: a person may not review (★3) or assess (★4) a
/// round of an organization they are a member of, of its parent, or of a group company in the
/// round's scope; nor one whose scope or answers they edited; nor one they advise. Checked when
/// the person is chosen or appointed and again at every verdict and decision, so a membership
/// added later still blocks.
/// </summary>
public static class Independence
{
    /// <summary>The first reason the person is not independent of the round, or <see cref="ConflictOfInterest.None"/>.</summary>
    public static ConflictOfInterest Check(Guid personId, IReadOnlyCollection<PersonOrganization> memberships, JudgedRound round)
    {
        if (memberships.Any(m => m.OrganizationId == round.ApplicantId))
        {
            return ConflictOfInterest.MemberOfApplicant;
        }

        if (memberships.Any(m => round.ParentIds.Contains(m.OrganizationId)))
        {
            return ConflictOfInterest.MemberOfParent;
        }

        if (memberships.Any(m => m.CorporateNumber is { } number && round.ScopeCorporateNumbers.Contains(number)))
        {
            return ConflictOfInterest.MemberOfGroupCompany;
        }

        if (round.Advisers.Contains(personId))
        {
            return ConflictOfInterest.Adviser;
        }

        return round.Editors.Contains(personId) ? ConflictOfInterest.EditedRound : ConflictOfInterest.None;
    }

    /// <summary>The most parents followed up a group's chain (a guard against a cycle in the data).</summary>
    public const int MaxParentDepth = 10;

    /// <summary>
    /// The parents of an organization, nearest first, from a parent lookup; stops at a cycle or
    /// after <see cref="MaxParentDepth"/> steps.
    /// </summary>
    public static IReadOnlyList<Guid> ParentsOf(Guid organizationId, Func<Guid, Guid?> parentOf)
    {
        var parents = new List<Guid>();
        var seen = new HashSet<Guid> { organizationId };
        var current = organizationId;
        while (parents.Count < MaxParentDepth && parentOf(current) is { } parent && seen.Add(parent))
        {
            parents.Add(parent);
            current = parent;
        }

        return parents;
    }
}
