using System.Globalization;
using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Shared.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>A request with its buyer, its conversation and its progress of today.</summary>
public sealed record RequestView(SupplierRequestRecord Request, string BuyerName, string SupplierName, IReadOnlyList<SupplierRequestNoteRecord> Notes, RequestProgress Progress);

/// <summary>
/// Requests from a buyer to a supplier for a level by a due date: sent with a mailed link (the
/// secret is not stored), seen by the supplier's organization in Hoshi (found by its 法人番号),
/// answered on both sides with a kept conversation, and audited on both sides.
/// </summary>
public sealed class SupplierRequestStore(AppDbContext db, RegistryQueries registry, TimeProvider clock, IStringLocalizer<SuppliersText> text, Shared.PublicUrl publicUrl)
{
    private DateOnly Today => JapanTime.DateOf(clock.GetUtcNow());

    /// <summary>Sends a request; null when the supplier is not in the portfolio; else the problems, or the request and its link's secret.</summary>
    public async Task<(SupplierRequestRecord? Request, string? Secret, IReadOnlyList<FieldError> Errors)?> SendAsync(
        Guid buyer, Guid supplierId, int? level, DateOnly? dueOn, string? message, string? email, Guid actor, string? address, CancellationToken ct = default)
    {
        var supplier = await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == supplierId && s.BuyerId == buyer && s.ArchivedAt == null, ct);
        if (supplier is null)
        {
            return null;
        }

        var errors = new List<FieldError>();
        if (level is not (3 or 4))
        {
            errors.Add(new("level", "levelRequired", "Choose ★3 or ★4."));
        }

        if (SupplierRequests.CheckDueDate(dueOn, Today) is { } dueProblem)
        {
            errors.Add(new("dueOn", dueProblem, "Choose a due date after today."));
        }

        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is not null && !SupplierImport.IsEmail(email))
        {
            errors.Add(new("email", "invalidEmail", "Not an e-mail address."));
        }

        if (message?.Trim().Length > SupplierRequests.MaxTextLength)
        {
            errors.Add(new("message", "tooLong", "Too long."));
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var now = clock.GetUtcNow();
        var (secret, hash) = InvitationStore.NewSecret();
        var request = new SupplierRequestRecord
        {
            Id = Guid.CreateVersion7(now),
            BuyerId = buyer,
            SupplierId = supplier.Id,
            CorporateNumber = supplier.CorporateNumber,
            Level = level!.Value,
            DueOn = dueOn!.Value,
            Message = Blank(message),
            SentTo = email,
            TokenHash = hash,
            State = RequestState.Sent,
            CreatedBy = actor,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.SupplierRequests.Add(request);
        db.SupplierRequestNotes.Add(Note(request, RequestSide.Buyer, "sent", request.Message, null, actor, buyer, now));
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.request-sent", "SupplierRequest", request.Id.ToString(),
            JsonSerializer.Serialize(new { supplier = supplier.Id, request.Level, request.DueOn, sentTo = email }), address), now);
        if (email is not null)
        {
            var buyerName = await db.Organizations.Where(o => o.Id == buyer).Select(o => o.LegalNameJa).FirstAsync(ct);
            var link = publicUrl.Link($"/requests/{secret}");
            // Mail goes out in Japanese first, with the English text below it: the supplier's language is not known yet.
            var ja = Localized("ja", () => (text["MailRequestSubject", buyerName, request.Level].Value, text["MailRequestBody", buyerName, supplier.Name, request.Level, request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), request.Message ?? "", link].Value));
            var en = Localized("en", () => text["MailRequestBody", buyerName, supplier.Name, request.Level, request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), request.Message ?? "", link].Value);
            MailOutbox.Enqueue(db, email, ja.Item1, ja.Item2 + "\n\n----\n\n" + en, null, now);
        }

        await db.SaveChangesAsync(ct);
        return (request, secret, []);
    }

    /// <summary>
    /// Does <paramref name="action"/> on a request as <paramref name="side"/> for organization
    /// <paramref name="organizationId"/> (the buyer, or the supplier's organization with the
    /// request's 法人番号). Null when that organization may not see the request; else the problems
    /// (stable words; <c>changed</c> when the request moved on since <paramref name="expectedVersion"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>?> ActAsync(Guid requestId, RequestSide side, Guid organizationId, RequestAction action, string? note, DateOnly? proposedDueOn,
        int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var request = await db.SupplierRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null || !await SeesAsync(request, side, organizationId, ct))
        {
            return null;
        }

        var problems = new List<string>();
        if (!SupplierRequests.May(side, action, request.State))
        {
            problems.Add("notNow");
        }
        else if (request.Version != expectedVersion)
        {
            problems.Add("changed");
        }

        note = Blank(note);
        if (note?.Length > SupplierRequests.MaxTextLength)
        {
            problems.Add("tooLong");
        }

        if (action == RequestAction.Comment && note is null)
        {
            problems.Add("commentRequired");
        }

        if (action == RequestAction.ProposeDate && SupplierRequests.CheckDueDate(proposedDueOn, Today, request.DueOn) is { } dateProblem)
        {
            problems.Add(dateProblem);
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var now = clock.GetUtcNow();
        var before = request.State;
        if (action == RequestAction.ProposeDate)
        {
            request.ProposedDueOn = proposedDueOn;
        }
        else if (action == RequestAction.AgreeDate)
        {
            request.DueOn = request.ProposedDueOn!.Value;
            request.ProposedDueOn = null;
        }
        else if (action == RequestAction.Accept)
        {
            request.ProposedDueOn = null;
        }

        request.Take(action);
        request.UpdatedAt = now.UtcDateTime;
        var kind = JsonNamingPolicy.CamelCase.ConvertName(action.ToString());
        db.SupplierRequestNotes.Add(Note(request, side, kind, note, action == RequestAction.ProposeDate ? proposedDueOn : null, actor, organizationId, now));
        var changes = JsonSerializer.Serialize(new { from = before.ToString(), to = request.State.ToString(), request.DueOn, request.ProposedDueOn, note });
        db.Audit(new AuditEvent(actor.ToString(), organizationId.ToString(), "supplier.request-" + kind, "SupplierRequest", request.Id.ToString(), changes, address), now);
        if (side == RequestSide.Supplier)
        {
            // The buyer's trail shows what its supplier answered.
            db.Audit(new AuditEvent(actor.ToString(), request.BuyerId.ToString(), "supplier.request-" + kind, "SupplierRequest", request.Id.ToString(), changes, address), now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ["changed"];
        }

        return [];
    }

    /// <summary>The requests to one supplier of a buyer, newest first.</summary>
    public async Task<IReadOnlyList<RequestView>> ForSupplierAsync(Guid buyer, Guid supplierId, SupplierStanding standing, CancellationToken ct = default)
    {
        var requests = await db.SupplierRequests.AsNoTracking().Where(r => r.BuyerId == buyer && r.SupplierId == supplierId).OrderByDescending(r => r.CreatedAt).ToListAsync(ct);
        return await ViewsAsync(requests, _ => standing, ct);
    }

    /// <summary>
    /// The requests buyers sent to the organization (by its 法人番号), open ones first, newest first;
    /// none until the number is verified (a claimed number would show another company's buyers).
    /// </summary>
    public async Task<IReadOnlyList<RequestView>> IncomingAsync(Guid organizationId, CancellationToken ct = default)
    {
        var number = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.VerifiedCorporateNumber).FirstOrDefaultAsync(ct);
        if (number is null)
        {
            return [];
        }

        var requests = await db.SupplierRequests.AsNoTracking().Where(r => r.CorporateNumber == number).OrderByDescending(r => r.CreatedAt).Take(500).ToListAsync(ct);
        var held = (await registry.ByCorporateNumberAsync(number, ct)).Select(r => new HeldEntry((Level)r.Level, r.Status, r.ValidUntil)).ToList();
        var views = await ViewsAsync(requests, r => SupplierStandings.Of(held, (Level)r.Level, Today), ct);
        return [.. views.OrderBy(v => v.Progress is RequestProgress.Met or RequestProgress.Withdrawn ? 1 : 0)];
    }

    /// <summary>A request found by its link's secret, with the buyer's name; null when unknown.</summary>
    public async Task<(SupplierRequestRecord Request, string BuyerName, string SupplierName)?> FindBySecretAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = InvitationStore.HashOf(secret.Trim().ToLowerInvariant());
        var found = await (from r in db.SupplierRequests.AsNoTracking()
                           where r.TokenHash == hash
                           join o in db.Organizations on r.BuyerId equals o.Id
                           join s in db.Suppliers on r.SupplierId equals s.Id
                           select new { r, o.LegalNameJa, s.Name }).FirstOrDefaultAsync(ct);
        return found is null ? null : (found.r, found.LegalNameJa, found.Name);
    }

    /// <summary>Puts an action's problems on the request's form, each in the page's language.</summary>
    public static void AddProblems(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, Guid requestId, IEnumerable<string> problems, IStringLocalizer text)
    {
        foreach (var problem in problems)
        {
            state.AddModelError("request-" + requestId, text["RequestProblem_" + problem]);
        }
    }

    /// <summary>409 when the other side moved first, else 422.</summary>
    public static int StatusOf(IReadOnlyList<string> problems) =>
        problems.Contains("changed") ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;

    private async Task<bool> SeesAsync(SupplierRequestRecord request, RequestSide side, Guid organizationId, CancellationToken ct) =>
        side == RequestSide.Buyer
            ? request.BuyerId == organizationId
            : await db.Organizations.AnyAsync(o => o.Id == organizationId && o.VerifiedCorporateNumber == request.CorporateNumber, ct);

    private async Task<IReadOnlyList<RequestView>> ViewsAsync(List<SupplierRequestRecord> requests, Func<SupplierRequestRecord, SupplierStanding> standing, CancellationToken ct)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var ids = requests.Select(r => r.Id).ToList();
        var notes = (await db.SupplierRequestNotes.AsNoTracking().Where(n => ids.Contains(n.RequestId)).OrderBy(n => n.At).ToListAsync(ct)).ToLookup(n => n.RequestId);
        var buyerIds = requests.Select(r => r.BuyerId).Distinct().ToList();
        var buyers = await db.Organizations.AsNoTracking().Where(o => buyerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalNameJa, ct);
        var supplierIds = requests.Select(r => r.SupplierId).Distinct().ToList();
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => supplierIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var today = Today;
        return [.. requests.Select(r => new RequestView(r, buyers.GetValueOrDefault(r.BuyerId, ""), suppliers.GetValueOrDefault(r.SupplierId, ""), [.. notes[r.Id]],
            SupplierRequests.Progress(r.State, (Level)r.Level, r.DueOn, standing(r), today)))];
    }

    private static SupplierRequestNoteRecord Note(SupplierRequestRecord request, RequestSide side, string kind, string? note, DateOnly? proposed, Guid actor, Guid organization, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RequestId = request.Id,
        Side = side,
        Kind = kind,
        Text = note,
        ProposedDueOn = proposed,
        AuthorId = actor,
        OrganizationId = organization,
        At = now.UtcDateTime,
    };

    private static T Localized<T>(string culture, Func<T> make)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return make();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string? Blank(string? value) => SupplierStore.Blank(value);
}
