using System.Security.Cryptography;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Organizations;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Organizations;

/// <summary>A letter and where it stands now.</summary>
public sealed record LetterView(CorporateNumberLetterRecord Letter, LetterState State);

/// <summary>A letter waiting to be printed, with the NTA's name and address it goes to.</summary>
public sealed record LetterToPrint(Guid LetterId, Guid OrganizationId, string OrganizationName, string CorporateNumber, string? NtaName, string? NtaAddress, string? PostalCode, DateTime RequestedAt);

/// <summary>A printed letter: shown once to the officer who prints it (Hoshi keeps only the code's hash).</summary>
public sealed record PrintedLetter(Guid LetterId, string OrganizationName, string CorporateNumber, string Name, string Address, string? PostalCode, string Code, DateTime ExpiresAt, string Link);

/// <summary>What entering a code did, and when accepted, whether the proof was recorded.</summary>
public sealed record CodeEntry(CodeOutcome Outcome, IdentityProblem Problem = IdentityProblem.None, int AttemptsLeft = 0);

/// <summary>
/// The mailed-code proof of a 法人番号 (<see cref="MailedCode"/>): the organization asks, a
/// scheme-owner officer prints the letter to the NTA's published head-office address (the code
/// shown then and never again), the organization enters the code. Every step audited.
/// </summary>
public sealed class CorporateNumberLetterStore(AppDbContext db, CorporateIdentityStore identity, Lifecycle.Notifier notifier, TimeProvider clock, Shared.PublicUrl publicUrl)
{
    /// <summary>The verification method recorded when a mailed code came back.</summary>
    public const string MailedCodeMethod = "mailed-code";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private LetterView View(CorporateNumberLetterRecord letter) =>
        new(letter, MailedCode.StateAt(letter.SentAt, letter.ExpiresAt, letter.UsedAt, letter.VoidAt, letter.Attempts, Now));

    /// <summary>The organization's latest letter, if any.</summary>
    public async Task<LetterView?> LatestAsync(Guid organizationId, CancellationToken ct = default) =>
        await db.CorporateNumberLetters.AsNoTracking().Where(l => l.OrganizationId == organizationId).OrderByDescending(l => l.RequestedAt).FirstOrDefaultAsync(ct) is { } letter
            ? View(letter) : null;

    /// <summary>The organization's administrator asks for a letter to the NTA's head-office address of its number.</summary>
    public async Task<LetterRequestProblem> RequestAsync(Guid organizationId, Guid actor, string? address, CancellationToken ct = default)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
        var number = organization.CorporateNumber;
        var published = number is null ? null : await db.Corporations.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, ct);
        var latest = await LatestAsync(organizationId, ct);
        var problem = MailedCode.CheckRequest(
            number,
            CorporateIdentity.IsVerified(number, organization.VerifiedCorporateNumber, organization.CorporateNumberVerifiedAt),
            published?.Address is not null,
            published?.ClosedOn is not null,
            number is not null && await db.Organizations.AnyAsync(o => o.VerifiedCorporateNumber == number && o.Id != organizationId, ct),
            latest is not null && MailedCode.IsOpen(latest.State) && latest.Letter.CorporateNumber == number);
        if (problem != LetterRequestProblem.None)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var letter = new CorporateNumberLetterRecord
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            CorporateNumber = number!,
            RequestedBy = actor,
            RequestedAt = now.UtcDateTime,
            Version = 1,
        };
        db.CorporateNumberLetters.Add(letter);
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "organization.code-letter-requested", "Organization", organizationId.ToString(),
            JsonSerializer.Serialize(new { letter = letter.Id, corporateNumber = number }), address), now);
        await db.SaveChangesAsync(ct);
        return LetterRequestProblem.None;
    }

    /// <summary>Letters waiting to be printed, oldest first.</summary>
    public async Task<List<LetterToPrint>> ToPrintAsync(int take = 200, CancellationToken ct = default) =>
        (await (from l in db.CorporateNumberLetters.AsNoTracking()
                where l.SentAt == null && l.UsedAt == null && l.VoidAt == null
                join o in db.Organizations on l.OrganizationId equals o.Id
                join c in db.Corporations on l.CorporateNumber equals c.Number into published
                from c in published.DefaultIfEmpty()
                orderby l.RequestedAt
                select new { l.Id, l.OrganizationId, o.LegalNameJa, l.CorporateNumber, Name = (string?)c.Name, Address = (string?)c.Address, PostalCode = (string?)c.PostalCode, l.RequestedAt })
            .Take(take).ToListAsync(ct))
        .Select(x => new LetterToPrint(x.Id, x.OrganizationId, x.LegalNameJa, x.CorporateNumber, x.Name, x.Address, x.PostalCode, x.RequestedAt)).ToList();

    /// <summary>
    /// Prints a letter asked for (or reprints one on its way: the earlier code stops working): a new
    /// code, addressed to the NTA's published name and address for the number as they are now.
    /// Null when the letter cannot be printed (used, void, or the NTA no longer lists the address).
    /// </summary>
    public async Task<PrintedLetter?> PrintAsync(Guid letterId, Guid officer, string? address, CancellationToken ct = default)
    {
        var letter = await db.CorporateNumberLetters.FirstOrDefaultAsync(l => l.Id == letterId, ct);
        if (letter is null || !MailedCode.IsOpen(View(letter).State)
            || await db.Corporations.AsNoTracking().FirstOrDefaultAsync(c => c.Number == letter.CorporateNumber, ct) is not { Address: { } ntaAddress } published)
        {
            return null;
        }

        var organizationName = await db.Organizations.Where(o => o.Id == letter.OrganizationId).Select(o => o.LegalNameJa).FirstAsync(ct);
        var code = MailedCode.NewCode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var reprint = letter.SentAt is not null;
        letter.CodeHash = MailedCode.Hash(code, letter.Id);
        letter.AddressedName = published.Name;
        letter.Address = ntaAddress;
        letter.PostalCode = published.PostalCode;
        letter.SentBy = officer;
        letter.SentAt = now.UtcDateTime;
        letter.ExpiresAt = now.UtcDateTime.AddDays(MailedCode.ValidDays);
        letter.Attempts = 0;
        db.Audit(new AuditEvent(officer.ToString(), letter.OrganizationId.ToString(), reprint ? "organization.code-letter-reprinted" : "organization.code-letter-printed", "Organization",
            letter.OrganizationId.ToString(), JsonSerializer.Serialize(new { letter = letter.Id, name = published.Name, address = ntaAddress, expiresAt = letter.ExpiresAt }), address), now);
        var expires = Domain.JapanTime.DateOf(new DateTimeOffset(letter.ExpiresAt.Value, TimeSpan.Zero)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await notifier.NotifyAsync([.. await notifier.AdministratorsAsync(letter.OrganizationId, ct)], "code-letter-sent", $"code-letter:{letter.Id}:{letter.Version}",
            [published.Name, expires], $"/organizations/{letter.OrganizationId}", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another officer printed it at the same moment: their letter stands.
            return null;
        }

        return new PrintedLetter(letter.Id, organizationName, letter.CorporateNumber, published.Name, ntaAddress, published.PostalCode, code, letter.ExpiresAt.Value,
            publicUrl.Link($"/organizations/{letter.OrganizationId}#mailed-code"));
    }

    /// <summary>The organization enters the code from its letter; a match proves the number.</summary>
    public async Task<CodeEntry> EnterAsync(Guid organizationId, string? typed, Guid actor, string? address, CancellationToken ct = default)
    {
        var letter = await db.CorporateNumberLetters.Where(l => l.OrganizationId == organizationId).OrderByDescending(l => l.RequestedAt).FirstOrDefaultAsync(ct);
        if (letter is null)
        {
            return new(CodeOutcome.NoLetter);
        }

        var view = View(letter);
        var number = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.CorporateNumber).FirstAsync(ct);
        var outcome = MailedCode.Enter(view.State, letter.CodeHash ?? "", letter.Id, typed, letter.Attempts, number == letter.CorporateNumber);
        var now = clock.GetUtcNow();
        switch (outcome)
        {
            case CodeOutcome.Wrong or CodeOutcome.Exhausted:
                letter.Attempts++;
                if (outcome == CodeOutcome.Exhausted)
                {
                    letter.VoidAt = now.UtcDateTime;
                }

                db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "organization.code-wrong", "Organization", organizationId.ToString(),
                    JsonSerializer.Serialize(new { letter = letter.Id, attempts = letter.Attempts }), address), now);
                await db.SaveChangesAsync(ct);
                return new(outcome, AttemptsLeft: MailedCode.MaxAttempts - letter.Attempts);
            case CodeOutcome.Accepted:
                // The letter is used in the same save that records the proof.
                letter.UsedAt = now.UtcDateTime;
                var problem = await identity.VerifyAsync(organizationId, letter.CorporateNumber, MailedCodeMethod, $"letter {letter.Id}", actor, address, ct);
                if (problem != IdentityProblem.None)
                {
                    letter.UsedAt = null;
                }

                return new(outcome, problem);
            default:
                return new(outcome);
        }
    }
}
