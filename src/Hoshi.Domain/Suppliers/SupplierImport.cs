using System.Net.Mail;

namespace Hoshi.Domain.Suppliers;

/// <summary>The columns of a supplier import, each known by several headers (Japanese first).</summary>
public enum ImportColumn
{
    CorporateNumber,
    Name,
    SupplierCode,
    Department,
    ContactEmail,
    Tags,
}

/// <summary>One row as read from the file (row numbers as the spreadsheet shows them).</summary>
public sealed record ImportRow(int Number, string? CorporateNumber, string? Name, string? SupplierCode, string? Department, string? ContactEmail, string? Tags);

/// <summary>What became of a row: added, or refused with its problems (stable words).</summary>
public sealed record ImportRowOutcome(int Number, string? CorporateNumber, string? Name, IReadOnlyList<string> Problems)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Rules of a supplier import (CSV or Excel): which headers name which column, and each row's
/// checks — a valid 法人番号 (check digit), not twice in the file, not already in the portfolio,
/// a name (given, or known to Hoshi or the registry), an e-mail address when given, and lengths.
/// A refused row stops nothing: the others are added, and the report lists each row's outcome.
/// </summary>
public static class SupplierImport
{
    public const int MaxRows = 20_000;
    public const int MaxTextLength = 300;

    private static readonly Dictionary<string, ImportColumn> Headers = new(StringComparer.Ordinal)
    {
        ["法人番号"] = ImportColumn.CorporateNumber,
        ["corporatenumber"] = ImportColumn.CorporateNumber,
        ["名称"] = ImportColumn.Name,
        ["取引先名"] = ImportColumn.Name,
        ["会社名"] = ImportColumn.Name,
        ["name"] = ImportColumn.Name,
        ["取引先コード"] = ImportColumn.SupplierCode,
        ["suppliercode"] = ImportColumn.SupplierCode,
        ["部署"] = ImportColumn.Department,
        ["担当部署"] = ImportColumn.Department,
        ["department"] = ImportColumn.Department,
        ["連絡先メール"] = ImportColumn.ContactEmail,
        ["メールアドレス"] = ImportColumn.ContactEmail,
        ["contactemail"] = ImportColumn.ContactEmail,
        ["email"] = ImportColumn.ContactEmail,
        ["タグ"] = ImportColumn.Tags,
        ["tags"] = ImportColumn.Tags,
    };

    /// <summary>The headers Hoshi writes in its template and exports, in column order.</summary>
    public static readonly IReadOnlyList<string> TemplateHeaders = ["法人番号", "名称", "取引先コード", "部署", "連絡先メール", "タグ"];

    /// <summary>The column a header names (case, width, spaces, hyphens and underscores ignored), or null.</summary>
    public static ImportColumn? ColumnOf(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var key = new string([.. header.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '_' and not '・')]);
        return Headers.TryGetValue(key, out var column) ? column : null;
    }

    /// <summary>
    /// Checks one row. <paramref name="seen"/> collects the numbers met so far in the file;
    /// <paramref name="existing"/> holds the portfolio's numbers; <paramref name="knownName"/>
    /// gives the name Hoshi or the registry knows for a number (or null).
    /// </summary>
    public static ImportRowOutcome Check(ImportRow row, ISet<string> seen, IReadOnlySet<string> existing, Func<string, string?> knownName)
    {
        var problems = new List<string>();
        string? number = null;
        if (!Organizations.CorporateNumber.TryParse(row.CorporateNumber, out var parsed, out var error))
        {
            problems.Add("corporateNumber." + error);
        }
        else
        {
            number = parsed.Value;
            if (!seen.Add(number))
            {
                problems.Add("duplicateInFile");
            }
            else if (existing.Contains(number))
            {
                problems.Add("alreadyInPortfolio");
            }
        }

        var name = Trimmed(row.Name);
        if (name is null && number is not null)
        {
            name = knownName(number);
            if (name is null)
            {
                problems.Add("nameRequired");
            }
        }

        foreach (var (field, value) in new[] { ("name", row.Name), ("supplierCode", row.SupplierCode), ("department", row.Department), ("tags", row.Tags) })
        {
            if (Trimmed(value)?.Length > MaxTextLength)
            {
                problems.Add("tooLong:" + field);
            }
        }

        if (Trimmed(row.ContactEmail) is { } email && !IsEmail(email))
        {
            problems.Add("invalidEmail");
        }

        return new ImportRowOutcome(row.Number, number ?? Trimmed(row.CorporateNumber), name, problems);
    }

    public static bool IsEmail(string email) => email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
