using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Assessments;

/// <summary>The columns of the scheme's sheet layout that an import reads or reports on.</summary>
public enum SheetColumn
{
    /// <summary>The criterion id (hidden column), how rows are matched.</summary>
    CriterionId,

    /// <summary>The version of the answer or verdict when the file was downloaded (hidden column).</summary>
    Version,

    /// <summary>回答欄</summary>
    Answer,

    /// <summary>回答の補足</summary>
    Supplement,

    /// <summary>再確認への回答 (only while rechecks are open)</summary>
    Reply,

    /// <summary>評価結果</summary>
    Verdict,

    /// <summary>評価結果の補足</summary>
    Remark,
}

/// <summary>Why one row of an uploaded sheet is refused.</summary>
public enum ImportProblem
{
    None,

    /// <summary>The id cell is empty.</summary>
    CriterionIdMissing,

    /// <summary>No criterion with this id in the round's catalog version.</summary>
    UnknownCriterion,

    /// <summary>The criterion exists but is not on this level's sheet.</summary>
    NotOnSheet,

    /// <summary>The same criterion appears on an earlier row.</summary>
    DuplicateRow,

    /// <summary>The version cell is not a whole number.</summary>
    VersionInvalid,

    /// <summary>The answer is not one of the allowed values.</summary>
    NotAChoice,

    /// <summary>A Yes/No answer without its supplement.</summary>
    SupplementRequired,

    /// <summary>A supplement or reply without an answer.</summary>
    AnswerMissing,

    /// <summary>Longer than the field allows.</summary>
    TooLong,

    /// <summary>The row changes something that cannot change in the round's current state.</summary>
    Locked,

    /// <summary>Someone changed this item in Hoshi after the file was downloaded.</summary>
    ChangedSinceDownload,

    /// <summary>The verdict is not 適合 / 再確認 / 不適合.</summary>
    NotAVerdict,

    /// <summary>再確認 and 不適合 need a remark.</summary>
    RemarkRequired,

    /// <summary>A remark without a verdict.</summary>
    VerdictMissing,

    /// <summary>A changed verdict without a new remark saying why (★4).</summary>
    ReasonRequired,
}

/// <summary>What happens to one row.</summary>
public enum RowOutcome
{
    /// <summary>The row changes the item; imported.</summary>
    Accepted,

    /// <summary>The row says what Hoshi already holds, or is empty; nothing to do.</summary>
    Unchanged,

    /// <summary>The row is invalid; never imported.</summary>
    Refused,
}

/// <summary>One data row of an applicant's sheet as read from the file (cell texts, untrimmed).</summary>
public sealed record AnswerRow(int Row, string? CriterionId, string? Version, string? Answer, string? Supplement, string? Reply);

/// <summary>One data row of an expert's sheet as read from the file.</summary>
public sealed record VerdictRow(int Row, string? CriterionId, string? Version, string? Verdict, string? Remark);

/// <summary>What Hoshi holds for one criterion now.</summary>
public sealed record HeldAnswer(string? Value, string? Supplement, string? Reply, int Version);

/// <summary>The expert's verdict held for one criterion now.</summary>
public sealed record HeldVerdict(Verdict Verdict, string? Remark, int Version);

/// <summary>The report line of one row: what happens and, when refused, why and in which column.</summary>
public sealed record RowReport(int Row, string? CriterionId, RowOutcome Outcome, ImportProblem Problem = ImportProblem.None, SheetColumn? Column = null);

/// <summary>A change to make: the answer of one criterion, checked against the version it was read at.</summary>
public sealed record AnswerChange(string CriterionId, string? Value, string? Supplement, string? Reply, int ExpectedVersion);

/// <summary>A verdict to record, checked against the version it was read at.</summary>
public sealed record VerdictChange(string CriterionId, Verdict Verdict, string? Remark, int ExpectedVersion);

/// <summary>The outcome of checking a whole file: a line per row and the changes of the accepted rows.</summary>
public sealed record ImportPlan<TChange>(IReadOnlyList<RowReport> Rows, IReadOnlyList<TChange> Changes)
{
    public int Accepted => Rows.Count(r => r.Outcome == RowOutcome.Accepted);

    public int Unchanged => Rows.Count(r => r.Outcome == RowOutcome.Unchanged);

    public int Refused => Rows.Count(r => r.Outcome == RowOutcome.Refused);

    /// <summary>Every row is fine: the file can be imported as a whole without asking.</summary>
    public bool IsClean => Refused == 0;
}

/// <summary>
/// How the texts people see in Excel cells map to stored values: Yes/No labels, choice labels,
/// verdict labels, in every UI language, plus the stored values themselves. Matching ignores
/// case, surrounding spaces and full-width/half-width differences.
/// </summary>
public sealed class SheetVocabulary
{
    private readonly Dictionary<string, string> _yesNo;
    private readonly Dictionary<string, Verdict> _verdicts;

    public SheetVocabulary(IEnumerable<KeyValuePair<string, string>> yesNoLabels, IEnumerable<KeyValuePair<string, Verdict>> verdictLabels)
    {
        _yesNo = new(StringComparer.Ordinal);
        foreach (var value in YesNo.Values)
        {
            _yesNo[Key(value)] = value;
        }

        foreach (var (label, value) in yesNoLabels)
        {
            _yesNo[Key(label)] = value;
        }

        _verdicts = new(StringComparer.Ordinal);
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            _verdicts[Key(verdict.ToString())] = verdict;
        }

        foreach (var (label, verdict) in verdictLabels)
        {
            _verdicts[Key(label)] = verdict;
        }
    }

    /// <summary>The stored value for an answer cell, or null when the text is not one of the criterion's values.</summary>
    public string? ValueOf(Criterion criterion, string text)
    {
        var key = Key(text);
        return criterion.AnswerType switch
        {
            AnswerType.YesNo => _yesNo.GetValueOrDefault(key),
            AnswerType.Choice => criterion.Choices.FirstOrDefault(c => Key(c.Value) == key || c.Label.All.Values.Any(l => Key(l) == key))?.Value,
            _ => text.Trim(),
        };
    }

    public Verdict? VerdictOf(string text) => _verdicts.TryGetValue(Key(text), out var v) ? v : null;

    private static string Key(string text) => text.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();
}

/// <summary>
/// Checks an uploaded sheet row by row against the catalog and what Hoshi holds now. Nothing is
/// decided by position: rows are matched by criterion id, and an item changed in Hoshi since the
/// file was downloaded is never overwritten from the file.
/// </summary>
public static class SheetImportRules
{
    /// <summary>At most this many data rows are read from one sheet.</summary>
    public const int MaxRows = 2000;

    /// <summary>Checks an applicant's sheet. <paramref name="mayEdit"/> says which criteria may change now.</summary>
    public static ImportPlan<AnswerChange> PlanAnswers(CatalogVersion catalog, Level level, SheetVocabulary vocabulary, IEnumerable<AnswerRow> rows,
        IReadOnlyDictionary<string, HeldAnswer> held, Func<string, bool> mayEdit, bool repliesOpen)
    {
        var reports = new List<RowReport>();
        var changes = new List<AnswerChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var (report, change) = CheckAnswer(catalog, level, vocabulary, row, held, mayEdit, repliesOpen, seen);
            reports.Add(report);
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        return new(reports, changes);
    }

    /// <summary>Checks an expert's sheet. Verdicts may change only while the round is under review.</summary>
    /// <param name="reasonForChange">A changed verdict needs a new remark saying why (★4 evaluations).</param>
    public static ImportPlan<VerdictChange> PlanVerdicts(CatalogVersion catalog, Level level, SheetVocabulary vocabulary, IEnumerable<VerdictRow> rows,
        IReadOnlyDictionary<string, HeldVerdict> held, bool mayJudge, bool reasonForChange = false)
    {
        var reports = new List<RowReport>();
        var changes = new List<VerdictChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var (report, change) = CheckVerdict(catalog, level, vocabulary, row, held, mayJudge, reasonForChange, seen);
            reports.Add(report);
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        return new(reports, changes);
    }

    private static (RowReport, AnswerChange?) CheckAnswer(CatalogVersion catalog, Level level, SheetVocabulary vocabulary, AnswerRow row,
        IReadOnlyDictionary<string, HeldAnswer> held, Func<string, bool> mayEdit, bool repliesOpen, HashSet<string> seen)
    {
        var id = Clean(row.CriterionId);
        if (Identify(catalog, level, row.Row, id, row.Version, seen, out var criterion, out var version) is { } refused)
        {
            return (refused, null);
        }

        var text = Clean(row.Answer);
        var supplement = Clean(row.Supplement);
        var reply = repliesOpen ? Clean(row.Reply) : null;
        var current = held.GetValueOrDefault(id!);
        if (text is null)
        {
            // An empty row changes nothing; a supplement or reply alone has nothing to belong to.
            return supplement is null && reply is null
                ? (new RowReport(row.Row, id, RowOutcome.Unchanged), null)
                : (Refuse(row.Row, id, ImportProblem.AnswerMissing, SheetColumn.Answer), null);
        }

        var value = vocabulary.ValueOf(criterion!, text);
        if (value is null)
        {
            return (Refuse(row.Row, id, ImportProblem.NotAChoice, SheetColumn.Answer), null);
        }

        if (value.Length > AnswerRules.MaxTextLength)
        {
            return (Refuse(row.Row, id, ImportProblem.TooLong, SheetColumn.Answer), null);
        }

        if (supplement?.Length > AnswerRules.MaxSupplementLength)
        {
            return (Refuse(row.Row, id, ImportProblem.TooLong, SheetColumn.Supplement), null);
        }

        if (reply?.Length > AnswerRules.MaxSupplementLength)
        {
            return (Refuse(row.Row, id, ImportProblem.TooLong, SheetColumn.Reply), null);
        }

        if (AnswerRules.Check(criterion!, value, supplement) == AnswerProblem.SupplementRequired)
        {
            return (Refuse(row.Row, id, ImportProblem.SupplementRequired, SheetColumn.Supplement), null);
        }

        var same = current is not null && current.Value == value && current.Supplement == supplement && (!repliesOpen || current.Reply == reply);
        if (same)
        {
            return (new RowReport(row.Row, id, RowOutcome.Unchanged), null);
        }

        if (!mayEdit(id!))
        {
            return (Refuse(row.Row, id, ImportProblem.Locked, SheetColumn.Answer), null);
        }

        if ((current?.Version ?? 0) != version)
        {
            return (Refuse(row.Row, id, ImportProblem.ChangedSinceDownload, SheetColumn.Version), null);
        }

        return (new RowReport(row.Row, id, RowOutcome.Accepted), new AnswerChange(id!, value, supplement, reply, version));
    }

    private static (RowReport, VerdictChange?) CheckVerdict(CatalogVersion catalog, Level level, SheetVocabulary vocabulary, VerdictRow row,
        IReadOnlyDictionary<string, HeldVerdict> held, bool mayJudge, bool reasonForChange, HashSet<string> seen)
    {
        var id = Clean(row.CriterionId);
        if (Identify(catalog, level, row.Row, id, row.Version, seen, out _, out var version) is { } refused)
        {
            return (refused, null);
        }

        var text = Clean(row.Verdict);
        var remark = Clean(row.Remark);
        if (text is null)
        {
            return remark is null
                ? (new RowReport(row.Row, id, RowOutcome.Unchanged), null)
                : (Refuse(row.Row, id, ImportProblem.VerdictMissing, SheetColumn.Verdict), null);
        }

        if (vocabulary.VerdictOf(text) is not { } verdict)
        {
            return (Refuse(row.Row, id, ImportProblem.NotAVerdict, SheetColumn.Verdict), null);
        }

        if (remark?.Length > VerdictRules.MaxRemarkLength)
        {
            return (Refuse(row.Row, id, ImportProblem.TooLong, SheetColumn.Remark), null);
        }

        if (VerdictRules.RemarkRequired(verdict) && remark is null)
        {
            return (Refuse(row.Row, id, ImportProblem.RemarkRequired, SheetColumn.Remark), null);
        }

        var current = held.GetValueOrDefault(id!);
        if (current is not null && current.Verdict == verdict && current.Remark == remark)
        {
            return (new RowReport(row.Row, id, RowOutcome.Unchanged), null);
        }

        if (!mayJudge)
        {
            return (Refuse(row.Row, id, ImportProblem.Locked, SheetColumn.Verdict), null);
        }

        if (reasonForChange && current is not null && current.Verdict != verdict && (remark is null || remark == current.Remark))
        {
            return (Refuse(row.Row, id, ImportProblem.ReasonRequired, SheetColumn.Remark), null);
        }

        if ((current?.Version ?? 0) != version)
        {
            return (Refuse(row.Row, id, ImportProblem.ChangedSinceDownload, SheetColumn.Version), null);
        }

        return (new RowReport(row.Row, id, RowOutcome.Accepted), new VerdictChange(id!, verdict, remark, version));
    }

    /// <summary>The id and version cells: a known criterion of this sheet, seen once, with a version number.</summary>
    private static RowReport? Identify(CatalogVersion catalog, Level level, int rowNumber, string? id, string? versionText, HashSet<string> seen, out Criterion? criterion, out int version)
    {
        criterion = null;
        version = 0;
        if (id is null)
        {
            return Refuse(rowNumber, id, ImportProblem.CriterionIdMissing, SheetColumn.CriterionId);
        }

        criterion = catalog.FindCriterion(id);
        if (criterion is null)
        {
            return Refuse(rowNumber, id, ImportProblem.UnknownCriterion, SheetColumn.CriterionId);
        }

        if (!criterion.AppliesTo(level))
        {
            return Refuse(rowNumber, id, ImportProblem.NotOnSheet, SheetColumn.CriterionId);
        }

        if (!seen.Add(id))
        {
            return Refuse(rowNumber, id, ImportProblem.DuplicateRow, SheetColumn.CriterionId);
        }

        var text = Clean(versionText);
        if (text is not null && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version) || version < 0))
        {
            return Refuse(rowNumber, id, ImportProblem.VersionInvalid, SheetColumn.Version);
        }

        return null;
    }

    private static RowReport Refuse(int row, string? id, ImportProblem problem, SheetColumn column) => new(row, id, RowOutcome.Refused, problem, column);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
