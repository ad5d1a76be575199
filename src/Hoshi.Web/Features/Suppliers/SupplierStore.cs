using System.Text.Json;
using Hoshi.Data;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Audit;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>What a buyer types for a supplier.</summary>
public sealed record SupplierInput(string? CorporateNumber, string? Name, string? SupplierCode, string? Department, string? ContactEmail, string? Tags);

/// <summary>A buyer's supplier portfolio: add suppliers by 法人番号 and list them with their registry standing, at-risk first.</summary>
public sealed class SupplierStore(AppDbContext db, RegistryQueries registry, TimeProvider clock)
{
    public const int MaxTextLength = 300;

    /// <summary>Adds a supplier, its name filled from Hoshi's organizations or the registry when left empty. Returns it, or the refused fields.</summary>
    public async Task<(SupplierRecord? Added, IReadOnlyList<FieldError> Errors)> AddAsync(Guid buyer, SupplierInput input, Guid actor, string? address, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        string? number = null;
        if (!Domain.Organizations.CorporateNumber.TryParse(input.CorporateNumber, out var parsed, out var error))
        {
            errors.Add(new("corporateNumber", "corporateNumber." + error, Domain.Organizations.CorporateNumber.Describe(error, input.CorporateNumber)));
        }
        else
        {
            number = parsed.Value;
            if (await db.Suppliers.AnyAsync(s => s.BuyerId == buyer && s.CorporateNumber == number, ct))
            {
                errors.Add(new("corporateNumber", "duplicate", $"{number} is already in the portfolio."));
            }
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) && number is not null)
        {
            name = await db.Organizations.Where(o => o.CorporateNumber == number).OrderByDescending(o => o.VerifiedCorporateNumber != null).Select(o => o.LegalNameJa).FirstOrDefaultAsync(ct)
                ?? (await registry.ByCorporateNumberAsync(number, ct)).Select(r => r.Name).FirstOrDefault();
        }

        // Without a valid number nothing could be looked up: the number's error says what to fix.
        if (string.IsNullOrEmpty(name) && number is not null)
        {
            errors.Add(new("name", "required", "Enter the supplier's name: it is neither in Hoshi nor in the registry."));
        }

        errors.AddRange(CheckDetails(input with { Name = name }));
        var email = input.ContactEmail?.Trim();

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow();
        var supplier = new SupplierRecord
        {
            Id = Guid.CreateVersion7(now),
            BuyerId = buyer,
            CorporateNumber = number!,
            Name = name!,
            SupplierCode = Blank(input.SupplierCode),
            Department = Blank(input.Department),
            ContactEmail = Blank(email),
            Tags = NormalizeTags(input.Tags),
            CreatedAt = now.UtcDateTime,
            CreatedBy = actor,
            UpdatedAt = now.UtcDateTime,
        };
        db.Suppliers.Add(supplier);
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.added", "Supplier", supplier.Id.ToString(),
            JsonSerializer.Serialize(new { supplier.CorporateNumber, supplier.Name, supplier.SupplierCode, supplier.Department, supplier.Tags }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone added the same number meanwhile: the unique index kept the portfolio whole.
            db.ChangeTracker.Clear();
            return (null, [new("corporateNumber", "duplicate", $"{number} is already in the portfolio.")]);
        }

        return (supplier, []);
    }

    /// <summary>
    /// Changes a supplier's details (its 法人番号 stays), unless it changed since
    /// <paramref name="expectedVersion"/>. Null when not in this buyer's portfolio; else the refused fields
    /// (<c>changed</c> on the form when someone else saved first).
    /// </summary>
    public async Task<IReadOnlyList<FieldError>?> UpdateAsync(Guid buyer, Guid supplierId, SupplierInput input, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Id == supplierId && s.BuyerId == buyer, ct);
        if (supplier is null)
        {
            return null;
        }

        var errors = CheckDetails(input);
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new("name", "nameMissing", "Enter the supplier's name."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (supplier.Version != expectedVersion)
        {
            return [new("form", "changed", "Someone else changed this supplier meanwhile.")];
        }

        var before = new { supplier.Name, supplier.SupplierCode, supplier.Department, supplier.ContactEmail, supplier.Tags };
        supplier.Name = input.Name!.Trim();
        supplier.SupplierCode = Blank(input.SupplierCode);
        supplier.Department = Blank(input.Department);
        supplier.ContactEmail = Blank(input.ContactEmail);
        supplier.Tags = NormalizeTags(input.Tags);
        var now = clock.GetUtcNow();
        supplier.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.updated", "Supplier", supplier.Id.ToString(),
            JsonSerializer.Serialize(new { before, after = new { supplier.Name, supplier.SupplierCode, supplier.Department, supplier.ContactEmail, supplier.Tags } }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [new("form", "changed", "Someone else changed this supplier meanwhile.")];
        }

        return [];
    }

    /// <summary>Archives a supplier (it leaves the list, counts and reminders; nothing is deleted) or brings it back. False when not in the portfolio or changed meanwhile.</summary>
    public async Task<bool> ArchiveAsync(Guid buyer, Guid supplierId, bool archive, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Id == supplierId && s.BuyerId == buyer, ct);
        if (supplier is null || supplier.Version != expectedVersion || (supplier.ArchivedAt is not null) == archive)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        supplier.ArchivedAt = archive ? now.UtcDateTime : null;
        supplier.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), archive ? "supplier.archived" : "supplier.restored", "Supplier", supplier.Id.ToString(), null, address), now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Records a check of the supplier's security (★4 criterion 2-1-3-1). Null when not in the portfolio; else the problems.</summary>
    public async Task<IReadOnlyList<string>?> RecordCheckAsync(Guid buyer, Guid supplierId, DateOnly? checkedOn, PartnerCheckMethod? method, string? note, Guid actor, string? address, CancellationToken ct = default)
    {
        if (!await db.Suppliers.AnyAsync(s => s.Id == supplierId && s.BuyerId == buyer, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var problems = new List<string>();
        if (checkedOn is not { } day)
        {
            problems.Add("checkedOnRequired");
        }
        else if (day > JapanTime.DateOf(now))
        {
            problems.Add("checkedOnFuture");
        }

        if (method is null || !Enum.IsDefined(method.Value))
        {
            problems.Add("methodRequired");
        }

        if (note?.Trim().Length > LevelDecision.MaxTextLength)
        {
            problems.Add("tooLong");
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var check = new PartnerCheckRecord
        {
            Id = Guid.CreateVersion7(now),
            SupplierId = supplierId,
            CheckedOn = checkedOn!.Value,
            Method = method!.Value,
            Note = Blank(note),
            RecordedBy = actor,
            RecordedAt = now.UtcDateTime,
        };
        db.PartnerChecks.Add(check);
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.checked", "Supplier", supplierId.ToString(),
            JsonSerializer.Serialize(new { checkedOn = check.CheckedOn, method = check.Method.ToString() }), address), now);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Refusals of the details common to adding and editing (lengths, e-mail).</summary>
    private static List<FieldError> CheckDetails(SupplierInput input)
    {
        var errors = new List<FieldError>();
        foreach (var (field, value) in new[] { ("name", input.Name), ("supplierCode", input.SupplierCode), ("department", input.Department), ("tags", input.Tags) })
        {
            if (value?.Trim().Length > MaxTextLength)
            {
                errors.Add(new(field, "tooLong", $"At most {MaxTextLength} characters."));
            }
        }

        var email = input.ContactEmail?.Trim();
        if (!string.IsNullOrEmpty(email) && !SupplierImport.IsEmail(email))
        {
            errors.Add(new("contactEmail", "invalidEmail", "Not an e-mail address."));
        }

        return errors;
    }

    /// <summary>The outcome of a decision: the problems (stable words of <see cref="LevelDecision"/>, or <c>changed</c>), or none when recorded.</summary>
    public sealed record DecideOutcome(IReadOnlyList<string> Problems, LevelDecisionOutcome? Decision);

    /// <summary>
    /// Records the buyer's decision on a supplier's required level (a new history row; the latest
    /// is in force) and sets the supplier's required level, unless the supplier changed since
    /// <paramref name="expectedVersion"/>. Null when the supplier is not in this buyer's portfolio.
    /// </summary>
    public async Task<DecideOutcome?> DecideAsync(Guid buyer, Guid supplierId, DecisionAnswers answers, DecisionChoices choices, int expectedVersion, Guid actor, string? address, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Id == supplierId && s.BuyerId == buyer, ct);
        if (supplier is null)
        {
            return null;
        }

        var outcome = LevelDecision.Decide(answers, choices);
        if (!outcome.Valid)
        {
            return new DecideOutcome(outcome.Problems, null);
        }

        if (supplier.Version != expectedVersion)
        {
            return new DecideOutcome(["changed"], null);
        }

        var now = clock.GetUtcNow();
        var adjustments = choices.Adjustments is { Count: > 0 } given ? JsonSerializer.Serialize(given.ToDictionary(a => a.Key.ToString(), a => a.Value.Trim())) : null;
        var record = new LevelDecisionRecord
        {
            Id = Guid.CreateVersion7(now),
            SupplierId = supplier.Id,
            ImportantConfidentialInformation = answers.ImportantConfidentialInformation!.Value,
            UnacceptableDelay = answers.UnacceptableDelay!.Value,
            AccessToInternalSystems = answers.AccessToInternalSystems!.Value,
            DelayViewpoints = Blank(answers.DelayViewpoints),
            Adjustments = adjustments,
            AdditionalRequirements = Blank(choices.AdditionalRequirements),
            OutOfScopeReason = Blank(choices.OutOfScopeReason),
            FlowLevel = outcome.FlowLevel.Number(),
            RequiredLevel = outcome.RequiredLevel?.Number(),
            DecidedBy = actor,
            DecidedAt = now.UtcDateTime,
        };
        db.LevelDecisions.Add(record);
        var before = supplier.RequiredLevel;
        supplier.RequiredLevel = record.RequiredLevel;
        supplier.UpdatedAt = now.UtcDateTime;
        db.Audit(new AuditEvent(actor.ToString(), buyer.ToString(), "supplier.level-decided", "Supplier", supplier.Id.ToString(),
            JsonSerializer.Serialize(new { from = before, to = record.RequiredLevel, basis = outcome.Basis, outOfScope = outcome.OutOfScope }), address), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DecideOutcome(["changed"], null);
        }

        await transaction.CommitAsync(ct);
        return new DecideOutcome([], outcome);
    }

    /// <summary>A supplier of this buyer with its decisions, newest first; null when not in the portfolio.</summary>
    public async Task<(SupplierRecord Supplier, IReadOnlyList<LevelDecisionRecord> Decisions)?> FindAsync(Guid buyer, Guid supplierId, CancellationToken ct = default)
    {
        var supplier = await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == supplierId && s.BuyerId == buyer, ct);
        if (supplier is null)
        {
            return null;
        }

        var decisions = await db.LevelDecisions.AsNoTracking().Where(d => d.SupplierId == supplierId).OrderByDescending(d => d.DecidedAt).ToListAsync(ct);
        return (supplier, decisions);
    }

    /// <summary>Trimmed text, or null for nothing but spaces.</summary>
    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Tags as the buyer wrote them, separated by commas (、 or ,), trimmed, without repeats.</summary>
    public static string? NormalizeTags(string? tags)
    {
        var list = (tags ?? "").Split([',', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : string.Join(",", list);
    }
}
