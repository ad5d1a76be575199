using System.Globalization;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Web.Shared.Excel;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>
/// The assessment sheet as an Excel workbook in the scheme's column layout (Japanese headers, as
/// in the forms the pilot used), one row per criterion, and how an uploaded one is read back.
/// The criterion id and the version of each row sit in hidden columns so rows are matched by id
/// and nothing changed in Hoshi since the download is overwritten.
/// </summary>
public static class SheetWorkbook
{
    public const string ApplicantSheetName = "回答シート";
    public const string ExpertSheetName = "評価シート";
    public const string NotesSheetName = "説明";

    public const string Category = "大分類";
    public const string Subcategory = "中分類";
    public const string No = "No.";
    public const string Requirement = "要求事項";
    public const string Question = "質問事項";
    public const string AnswerType = "回答タイプ";
    public const string Answer = "回答欄";
    public const string Supplement = "回答の補足";
    public const string ImplementationGuidance = "対策実施のためのガイダンス";
    public const string Verdict = "評価結果";
    public const string Remark = "評価結果の補足";
    public const string EvaluationGuidance = "評価のためのガイダンス";
    public const string ExampleAnswer = "回答例";
    public const string Reply = "再確認への回答";
    public const string CriterionId = "ID";
    public const string Version = "版";

    /// <summary>The scheme's applicant columns, then Hoshi's hidden ones.</summary>
    public static readonly IReadOnlyList<string> ApplicantHeaders = [Category, Subcategory, No, Requirement, Question, AnswerType, Answer, Supplement, ImplementationGuidance, CriterionId, Version];

    public static readonly IReadOnlyList<string> ExpertHeaders = [.. ApplicantHeaders, Verdict, Remark];

    /// <summary>The header of each column an import reports on.</summary>
    public static string HeaderOf(SheetColumn column) => column switch
    {
        SheetColumn.CriterionId => CriterionId,
        SheetColumn.Version => Version,
        SheetColumn.Answer => Answer,
        SheetColumn.Supplement => Supplement,
        SheetColumn.Reply => Reply,
        SheetColumn.Verdict => Verdict,
        _ => Remark,
    };

    /// <summary>The applicant's sheet; while rechecks are open it also shows the expert's findings and a reply column.</summary>
    public static byte[] ForApplicant(LoadedAssessment loaded, IReadOnlyDictionary<string, AnswerRecord> answers, IReadOnlyDictionary<string, VerdictRecord> verdicts, IReadOnlyDictionary<string, Domain.Guidance.CriterionHelp> help,
        string organizationName, DateTimeOffset now, IStringLocalizer text)
    {
        var rechecks = loaded.Assessment.State == AssessmentState.RecheckRequested;
        var mayEdit = loaded.Assessment.State == AssessmentState.Draft;
        List<XlsxColumn> columns = [.. CommonColumns(editableAnswers: true)];
        if (rechecks)
        {
            columns.Add(new XlsxColumn(Verdict, 10));
            columns.Add(new XlsxColumn(Remark, 40));
            columns.Add(new XlsxColumn(Reply, 40, Editable: true));
        }

        var table = new XlsxTableSheet(ApplicantSheetName, columns) { ListErrorTitle = text["ExcelListErrorTitle"], ListErrorMessage = text["ExcelListErrorMessage"] };
        foreach (var (criterion, row) in CommonRows(loaded, answers, help, text))
        {
            var index = table.Rows.Count;
            if (rechecks)
            {
                var verdict = verdicts.GetValueOrDefault(criterion.Id);
                var open = verdict?.Verdict == Domain.Assessments.Verdict.Recheck;
                row.Add(verdict is null ? null : text["Verdict_" + verdict.Verdict].Value);
                row.Add(verdict?.Remark);
                row.Add(open ? answers.GetValueOrDefault(criterion.Id)?.Reply : null);
            }

            table.Rows.Add([.. row]);
            if ((mayEdit || (rechecks && verdicts.GetValueOrDefault(criterion.Id)?.Verdict == Domain.Assessments.Verdict.Recheck)) && ListOf(criterion, text) is { } list)
            {
                table.Lists[(index, 6)] = list;
            }
        }

        return Write(table, Notes(loaded, organizationName, now, text, expert: false));
    }

    /// <summary>The expert's sheet: the applicant's answers read-only, then 評価結果 and 評価結果の補足 to fill, with the evaluation guidance and example answers.</summary>
    public static byte[] ForExpert(LoadedAssessment loaded, IReadOnlyDictionary<string, AnswerRecord> answers, IReadOnlyDictionary<string, VerdictRecord> verdicts, IReadOnlyDictionary<string, Domain.Guidance.CriterionHelp> help,
        string organizationName, DateTimeOffset now, IStringLocalizer text)
    {
        var lang = Shared.Language.Current;
        List<XlsxColumn> columns = [.. CommonColumns(editableAnswers: false)];
        columns[^1] = new XlsxColumn(Version, 6, Hidden: true);
        columns.Add(new XlsxColumn(Verdict, 12, Editable: true));
        columns.Add(new XlsxColumn(Remark, 40, Editable: true));
        columns.Add(new XlsxColumn(EvaluationGuidance, 40));
        columns.Add(new XlsxColumn(ExampleAnswer, 40));
        var table = new XlsxTableSheet(ExpertSheetName, columns) { ListErrorTitle = text["ExcelListErrorTitle"], ListErrorMessage = text["ExcelListErrorMessage"] };
        IReadOnlyList<string> verdictList = [.. Enum.GetValues<Domain.Assessments.Verdict>().Select(v => text["Verdict_" + v].Value)];
        foreach (var (criterion, row) in CommonRows(loaded, answers, help, text))
        {
            var verdict = verdicts.GetValueOrDefault(criterion.Id);
            row[10] = (verdict?.Version ?? 0).ToString(CultureInfo.InvariantCulture);
            row.Add(verdict is null ? null : text["Verdict_" + verdict.Verdict].Value);
            row.Add(verdict?.Remark);
            var guide = help.GetValueOrDefault(criterion.Id);
            row.Add(criterion.EvaluationGuidance?.For(lang) ?? Hoshis(text, guide?.ForExperts.For(lang)));
            row.Add(criterion.ExampleAnswer?.For(lang) ?? Hoshis(text, guide?.Example.For(lang)));
            table.Lists[(table.Rows.Count, 11)] = verdictList;
            table.Rows.Add([.. row]);
        }

        return Write(table, Notes(loaded, organizationName, now, text, expert: true));
    }

    private static byte[] Write(XlsxTableSheet table, IReadOnlyList<string> notes)
    {
        using var buffer = new MemoryStream();
        XlsxWriter.Write(buffer, table, NotesSheetName, notes);
        return buffer.ToArray();
    }

    private static IEnumerable<XlsxColumn> CommonColumns(bool editableAnswers) =>
    [
        new(Category, 14),
        new(Subcategory, 16),
        new(No, 10),
        new(Requirement, 40),
        new(Question, 50),
        new(AnswerType, 10),
        new(Answer, 16, Editable: editableAnswers),
        new(Supplement, 40, Editable: editableAnswers),
        new(ImplementationGuidance, 40),
        new(CriterionId, 10, Hidden: true),
        new(Version, 6, Hidden: true),
    ];

    /// <summary>The scheme's columns for every criterion of the round's sheet, in catalog order.</summary>
    private static IEnumerable<(Criterion Criterion, List<string?> Row)> CommonRows(LoadedAssessment loaded, IReadOnlyDictionary<string, AnswerRecord> answers,
        IReadOnlyDictionary<string, Domain.Guidance.CriterionHelp> help, IStringLocalizer text)
    {
        var lang = Shared.Language.Current;
        var catalog = loaded.Catalog;
        foreach (var requirement in catalog.SheetFor(loaded.Assessment.Level))
        {
            var category = catalog.Categories.First(c => c.No == requirement.Subcategory.CategoryNo);
            var r = requirement.Requirement;
            var requirementText = r.Title is { } title ? $"{title.For(lang)}\n{r.Text.For(lang)}" : r.Text.For(lang);
            foreach (var criterion in requirement.Criteria)
            {
                var answer = answers.GetValueOrDefault(criterion.Id);
                yield return (criterion,
                [
                    $"{category.No} {category.Name.For(lang)}",
                    $"{requirement.Subcategory.No} {requirement.Subcategory.Name.For(lang)}",
                    criterion.Id,
                    $"{r.No} {requirementText}",
                    criterion.Text.For(lang),
                    text["ExcelAnswerType_" + criterion.AnswerType],
                    answer is null ? null : LabelOf(criterion, answer.Value, text),
                    answer?.Supplement,
                    criterion.ImplementationGuidance?.For(lang) ?? (help.GetValueOrDefault(criterion.Id) is { } guide
                        ? Hoshis(text, string.Join("\n", guide.Meaning.For(lang), text["ExcelHoshiPractice", guide.Practice.For(lang)], text["ExcelHoshiEvidence", guide.Evidence.For(lang)]))
                        : null),
                    criterion.Id,
                    (answer?.Version ?? 0).ToString(CultureInfo.InvariantCulture),
                ]);
            }
        }
    }

    /// <summary>Hoshi's own guide where the catalog has none, marked as Hoshi's (never mixed into the official text).</summary>
    private static string? Hoshis(IStringLocalizer text, string? guide) =>
        string.IsNullOrWhiteSpace(guide) ? null : $"{text["ExcelHoshiGuide"]}\n{guide}";

    /// <summary>The values a drop-down offers for the answer cell; none for free text.</summary>
    private static IReadOnlyList<string>? ListOf(Criterion criterion, IStringLocalizer text) => criterion.AnswerType switch
    {
        Domain.Catalog.AnswerType.YesNo => [.. YesNo.Values.Select(v => text["YesNo_" + v].Value)],
        Domain.Catalog.AnswerType.Choice => [.. criterion.Choices.Select(c => c.Label.For(Shared.Language.Current))],
        _ => null,
    };

    private static string? LabelOf(Criterion criterion, string? value, IStringLocalizer text) => value is null ? null : criterion.AnswerType switch
    {
        Domain.Catalog.AnswerType.YesNo when YesNo.Values.Contains(value) => text["YesNo_" + value],
        Domain.Catalog.AnswerType.Choice => criterion.Choices.FirstOrDefault(c => c.Value == value)?.Label.For(Shared.Language.Current) ?? value,
        _ => value,
    };

    private static List<string> Notes(LoadedAssessment loaded, string organizationName, DateTimeOffset now, IStringLocalizer text, bool expert)
    {
        var a = loaded.Assessment;
        return
        [
            text[expert ? "ExcelNotesTitleExpert" : "ExcelNotesTitle", a.Level.Number()],
            text["ExcelNotesOrganization", organizationName],
            text["ExcelNotesCatalog", loaded.Catalog.Title.For(Shared.Language.Current), loaded.Catalog.Version],
            text["ExcelNotesState", text["State_" + a.State]],
            text["ExcelNotesDownloaded", Domain.JapanTime.ToJapan(now).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
            "",
            .. text[expert ? "ExcelNotesHowExpert" : "ExcelNotesHow"].Value.Split('\n'),
        ];
    }

    /// <summary>How cell texts map to stored values: the Yes/No and verdict labels in every UI language.</summary>
    public static SheetVocabulary Vocabulary(IStringLocalizer text)
    {
        var yesNo = new List<KeyValuePair<string, string>>();
        var verdicts = new List<KeyValuePair<string, Domain.Assessments.Verdict>>();
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var language in Shared.WebServices.Cultures.Select(c => c.Name))
            {
                CultureInfo.CurrentUICulture = new CultureInfo(language);
                yesNo.AddRange(YesNo.Values.Select(v => new KeyValuePair<string, string>(text["YesNo_" + v], v)));
                verdicts.AddRange(Enum.GetValues<Domain.Assessments.Verdict>().Select(v => new KeyValuePair<string, Domain.Assessments.Verdict>(text["Verdict_" + v], v)));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        return new SheetVocabulary(yesNo, verdicts);
    }

    /// <summary>A download name without characters file systems refuse (organization names may hold any).</summary>
    public static string SafeFileName(string name) =>
        new([.. name.Select(c => c < ' ' || "\\/:*?\"<>|".Contains(c) ? '_' : c)]);

    /// <summary>Reads an uploaded applicant's sheet.</summary>
    public static (XlsxReadResult File, IReadOnlyList<AnswerRow> Rows) ReadApplicant(byte[] upload)
    {
        var file = XlsxReader.Read(upload, ApplicantSheetName, ApplicantHeaders, SheetImportRules.MaxRows);
        return (file, file.Rows?.Select(r => new AnswerRow(r.Number, r[CriterionId], r[Version], r[Answer], r[Supplement], r[Reply])).ToList() ?? []);
    }

    /// <summary>Reads an uploaded expert's sheet.</summary>
    public static (XlsxReadResult File, IReadOnlyList<VerdictRow> Rows) ReadExpert(byte[] upload)
    {
        var file = XlsxReader.Read(upload, ExpertSheetName, ExpertHeaders, SheetImportRules.MaxRows);
        return (file, file.Rows?.Select(r => new VerdictRow(r.Number, r[CriterionId], r[Version], r[Verdict], r[Remark])).ToList() ?? []);
    }
}
