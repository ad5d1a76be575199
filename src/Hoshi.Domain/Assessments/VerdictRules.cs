namespace Hoshi.Domain.Assessments;

/// <summary>評価結果: the expert's (or assessor's) verdict on one criterion.</summary>
public enum Verdict
{
    /// <summary>適合</summary>
    Conformant,

    /// <summary>再確認: goes back to the applicant.</summary>
    Recheck,

    /// <summary>不適合</summary>
    Nonconformant,
}

public static class VerdictRules
{
    public const int MaxRemarkLength = 2000;

    /// <summary>評価結果の補足 is optional for 適合 and mandatory for 再確認 and 不適合.</summary>
    public static bool RemarkRequired(Verdict verdict) => verdict is Verdict.Recheck or Verdict.Nonconformant;

    /// <summary>Null when the verdict may be recorded; otherwise why not.</summary>
    public static string? Check(Verdict verdict, string? remark)
    {
        if (!Enum.IsDefined(verdict))
        {
            return "Unknown verdict.";
        }

        var text = remark?.Trim() ?? "";
        if (RemarkRequired(verdict) && text.Length == 0)
        {
            return "A remark is required for a recheck or a nonconformity.";
        }

        return text.Length > MaxRemarkLength ? $"A remark is at most {MaxRemarkLength} characters." : null;
    }
}
