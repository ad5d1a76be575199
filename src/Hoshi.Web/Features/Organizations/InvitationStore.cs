using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Accounts;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>Why an invitation link cannot be used.</summary>
public enum InvitationProblem
{
    None,
    Unknown,
    Expired,
    AlreadyUsed,
    Revoked,

    /// <summary>The signed-in person's e-mail is not the invited one.</summary>
    OtherEmail,
}

/// <summary>An invitation found by its link, with the organization it is for.</summary>
public sealed record FoundInvitation(InvitationRecord Invitation, OrganizationRecord Organization, InvitationState State);

/// <summary>Invitations to join an organization: created by its administrators, accepted once through the mailed link.</summary>
public sealed class InvitationStore(AppDbContext db, TimeProvider clock)
{
    public const int MaxEmailLength = 254;

    /// <summary>
    /// A new secret for a link (256 bits, lowercase hex: it sits in the URL path, which the app's
    /// routing writes in lowercase), and its hash for the database.
    /// </summary>
    public static (string Secret, string Hash) NewSecret()
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (secret, HashOf(secret));
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool IsValidEmail(string email) =>
        email.Length <= MaxEmailLength && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    /// <summary>Stores an invitation and returns it with the secret for the link (the secret is not stored).</summary>
    public async Task<(InvitationRecord Invitation, string Secret)> CreateAsync(
        OrganizationRecord organization, string email, MembershipRole role, Guid invitedBy, string? address, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        email = email.Trim();
        if (email.Length == 0)
        {
            errors.Add(new("email", "required", "The e-mail address is required."));
        }
        else if (!IsValidEmail(email))
        {
            errors.Add(new("email", "invalidEmail", "This is not an e-mail address."));
        }
        else
        {
            var normalized = email.ToUpperInvariant();
            var isMember = await db.Memberships.AnyAsync(m => m.OrganizationId == organization.Id
                && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), ct);
            if (isMember)
            {
                errors.Add(new("email", "alreadyMember", "This person is already a member of the organization."));
            }
        }

        if (!InvitationRules.MayInviteAs(role, [.. organization.Roles.Select(r => r.Role)]))
        {
            errors.Add(new("role", "roleNotOffered", "This role does not exist in this kind of organization."));
        }

        if (errors.Count > 0)
        {
            throw new OrganizationInputException(errors);
        }

        var now = clock.GetUtcNow();
        var (secret, hash) = NewSecret();
        var invitation = new InvitationRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organization.Id,
            Email = email,
            Role = role,
            TokenHash = hash,
            InvitedBy = invitedBy,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + InvitationRules.Lifetime).UtcDateTime,
        };
        db.Invitations.Add(invitation);
        db.Audit(new AuditEvent(invitedBy.ToString(), organization.Id.ToString(), "invitation.created", "Invitation", invitation.Id.ToString(),
            JsonSerializer.Serialize(new { email, role = role.ToString(), expiresAt = invitation.ExpiresAt }), address), now);
        return (invitation, secret);
    }

    public async Task<FoundInvitation?> FindAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = HashOf(secret.Trim().ToLowerInvariant());
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking().Include(o => o.Roles).SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        return new(invitation, organization, StateOf(invitation));
    }

    /// <summary>Queues the invitation mail; it goes with the invitation when <see cref="SaveAsync"/> stores both.</summary>
    public void QueueMail(string to, string subject, string body) => Shared.Mail.MailOutbox.Enqueue(db, to, subject, body, null, clock.GetUtcNow());

    /// <summary>Stores a created invitation, its audit record and its queued mail together.</summary>
    public Task SaveAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);

    public InvitationState StateOf(InvitationRecord invitation) =>
        InvitationRules.StateAt(Utc(invitation.ExpiresAt), Nullable(invitation.AcceptedAt), Nullable(invitation.RevokedAt), clock.GetUtcNow());

    /// <summary>
    /// Uses the invitation for <paramref name="user"/>: the membership is added and the link stops
    /// working, in one transaction. Exactly one of two simultaneous accepts succeeds.
    /// </summary>
    public async Task<InvitationProblem> AcceptAsync(string secret, HoshiUser user, string? address, CancellationToken ct = default)
    {
        var found = await FindAsync(secret, ct);
        if (found is null)
        {
            return InvitationProblem.Unknown;
        }

        var problem = Problem(found.State);
        if (problem != InvitationProblem.None)
        {
            return problem;
        }

        var invitation = found.Invitation;
        if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return InvitationProblem.OtherEmail;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.AcceptedAt, now.UtcDateTime).SetProperty(i => i.AcceptedBy, user.Id), ct);
        if (claimed != 1)
        {
            return InvitationProblem.AlreadyUsed;
        }

        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganizationId == invitation.OrganizationId && m.Role == invitation.Role, ct))
        {
            db.Memberships.Add(new MembershipRecord { UserId = user.Id, OrganizationId = invitation.OrganizationId, Role = invitation.Role, CreatedAt = now.UtcDateTime });
        }

        db.Audit(new AuditEvent(user.Id.ToString(), invitation.OrganizationId.ToString(), "invitation.accepted", "Invitation", invitation.Id.ToString(),
            JsonSerializer.Serialize(new { role = invitation.Role.ToString() }), address), now);
        db.Audit(new AuditEvent(user.Id.ToString(), invitation.OrganizationId.ToString(), "membership.added", "Membership", $"{user.Id}/{invitation.OrganizationId}",
            JsonSerializer.Serialize(new { role = invitation.Role.ToString(), invitation = invitation.Id }), address), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return InvitationProblem.None;
    }

    /// <summary>Withdraws an open invitation of the organization; returns false if there is none.</summary>
    public async Task<bool> RevokeAsync(Guid organizationId, Guid invitationId, Guid actor, string? address, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.Invitations
            .Where(i => i.Id == invitationId && i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.RevokedAt, now.UtcDateTime), ct);
        if (revoked != 1)
        {
            return false;
        }

        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "invitation.revoked", "Invitation", invitationId.ToString(), null, address), now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public static InvitationProblem Problem(InvitationState state) => state switch
    {
        InvitationState.Open => InvitationProblem.None,
        InvitationState.Accepted => InvitationProblem.AlreadyUsed,
        InvitationState.Expired => InvitationProblem.Expired,
        InvitationState.Revoked => InvitationProblem.Revoked,
        _ => InvitationProblem.Unknown,
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Nullable(DateTime? value) => value is { } v ? Utc(v) : null;
}
