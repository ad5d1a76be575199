using System.Net.Mail;
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

/// <summary>A supplier with where it stands today.</summary>
public sealed record SupplierRow(SupplierRecord Supplier, SupplierStanding Standing);

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
            name = await db.Organizations.Where(o => o.CorporateNumber == number).Select(o => o.LegalNameJa).FirstOrDefaultAsync(ct)
                ?? (await registry.ByCorporateNumberAsync(number, ct)).Select(r => r.Name).FirstOrDefault();
        }

        // Without a valid number nothing could be looked up: the number's error says what to fix.
        if (string.IsNullOrEmpty(name) && number is not null)
        {
            errors.Add(new("name", "required", "Enter the supplier's name: it is neither in Hoshi nor in the registry."));
        }

        foreach (var (field, value) in new[] { ("name", name), ("supplierCode", input.SupplierCode), ("department", input.Department), ("tags", input.Tags) })
        {
            if (value?.Trim().Length > MaxTextLength)
            {
                errors.Add(new(field, "tooLong", $"At most {MaxTextLength} characters."));
            }
        }

        var email = input.ContactEmail?.Trim();
        if (!string.IsNullOrEmpty(email) && (email.Length > 320 || !MailAddress.TryCreate(email, out var parsedEmail) || parsedEmail.Address != email))
        {
            errors.Add(new("contactEmail", "invalidEmail", "Not an e-mail address."));
        }

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

    /// <summary>The portfolio's suppliers (not archived), filtered by status, at-risk first, one page.</summary>
    public async Task<(IReadOnlyList<SupplierRow> Rows, int Total, IReadOnlyDictionary<SupplierStatus, int> Counts)> ListAsync(Guid buyer, SupplierStatus? status, int page, int pageSize, CancellationToken ct = default)
    {
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => s.BuyerId == buyer && s.ArchivedAt == null).ToListAsync(ct);
        var today = JapanTime.DateOf(clock.GetUtcNow());
        var rows = new List<SupplierRow>(suppliers.Count);
        foreach (var supplier in suppliers)
        {
            var held = (await registry.ByCorporateNumberAsync(supplier.CorporateNumber, ct)).Select(r => new HeldEntry((Level)r.Level, r.Status, r.ValidUntil)).ToList();
            rows.Add(new SupplierRow(supplier, SupplierStandings.Of(held, supplier.RequiredLevel is { } level ? (Level)level : null, today)));
        }

        var counts = rows.GroupBy(r => r.Standing.Status).ToDictionary(g => g.Key, g => g.Count());
        var filtered = rows.Where(r => status is null || r.Standing.Status == status)
            .OrderBy(r => r.Standing.RiskRank).ThenBy(r => r.Supplier.Name, StringComparer.Ordinal).ThenBy(r => r.Supplier.CorporateNumber, StringComparer.Ordinal)
            .ToList();
        return ([.. filtered.Skip((page - 1) * pageSize).Take(pageSize)], filtered.Count, counts);
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

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Tags as the buyer wrote them, separated by commas (、 or ,), trimmed, without repeats.</summary>
    public static string? NormalizeTags(string? tags)
    {
        var list = (tags ?? "").Split([',', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : string.Join(",", list);
    }
}
