using System.Globalization;
using System.Text;

namespace Hoshi.Domain.Organizations;

/// <summary>
/// One row of the National Tax Agency's published corporations (法人番号公表サイト 全件データ and
/// 差分データ, CSV Unicode): the fields Hoshi keeps.
/// </summary>
public sealed record NtaCorporation(
    string Number,
    string Process,
    DateOnly UpdatedOn,
    string Name,
    string? Address,
    string? PrefectureCode,
    string? PostalCode,
    DateOnly? ClosedOn,
    string? ClosedReason,
    string? Furigana,
    bool Latest);

/// <summary>Why a row of the NTA file was not read.</summary>
public enum NtaRowProblem
{
    None,
    ColumnCount,
    CorporateNumber,
    Date,
    Name,
}

/// <summary>
/// The documented CSV layout of the NTA's corporation files (no header, 30 columns): 1 一連番号,
/// 2 法人番号, 3 処理区分, 4 訂正区分, 5 更新年月日, 6 変更年月日, 7 商号又は名称, 8 商号又は名称イメージID,
/// 9 法人種別, 10 国内所在地(都道府県), 11 国内所在地(市区町村), 12 国内所在地(丁目番地等),
/// 13 国内所在地イメージID, 14 都道府県コード, 15 市区町村コード, 16 郵便番号, 17 国外所在地,
/// 18 国外所在地イメージID, 19 閉鎖日付, 20 閉鎖事由, 21 承継先法人番号, 22 変更事由の詳細,
/// 23 法人番号指定年月日, 24 最新履歴, 25–28 英語表記, 29 フリガナ, 30 検索対象除外.
/// </summary>
public static class NtaCorporationFile
{
    public const int Columns = 30;

    public static (NtaCorporation? Row, NtaRowProblem Problem) Parse(IReadOnlyList<string> fields)
    {
        if (fields.Count < 24)
        {
            return (null, NtaRowProblem.ColumnCount);
        }

        if (!CorporateNumber.TryParse(fields[1], out var number, out _))
        {
            return (null, NtaRowProblem.CorporateNumber);
        }

        if (!TryDate(fields[4], out var updated) || updated is null || !TryDate(fields[18], out var closed))
        {
            return (null, NtaRowProblem.Date);
        }

        var name = fields[6].Trim();
        if (name.Length is 0 or > 300)
        {
            return (null, NtaRowProblem.Name);
        }

        var address = string.Concat(fields[9].Trim(), fields[10].Trim(), fields[11].Trim());
        return (new NtaCorporation(
            number.Value,
            fields[2].Trim(),
            updated.Value,
            name,
            address.Length == 0 ? (string.IsNullOrWhiteSpace(fields[16]) ? null : fields[16].Trim()) : address,
            Empty(fields[13]),
            Empty(fields[15]),
            closed,
            Empty(fields[19]),
            fields.Count > 28 ? Empty(fields[28]) : null,
            fields[23].Trim() != "0"), NtaRowProblem.None);
    }

    private static string? Empty(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool TryDate(string text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>What the NTA's published data says about an organization's claim.</summary>
public enum IdentityFinding
{
    /// <summary>The 法人番号 is not in the imported NTA data.</summary>
    NotInNtaData,

    /// <summary>The name the organization gave differs from the NTA's 商号又は名称.</summary>
    NameDiffers,

    /// <summary>The NTA lists the corporation as closed (閉鎖).</summary>
    Closed,
}

/// <summary>Why a 法人番号 cannot be verified for an organization.</summary>
public enum IdentityProblem
{
    None,

    /// <summary>Another organization has already proven this number: the first verified wins.</summary>
    NumberVerifiedElsewhere,

    /// <summary>The organization changed its number since the proof was asked.</summary>
    NumberChanged,

    /// <summary>The NTA lists the corporation as closed.</summary>
    Closed,
}

/// <summary>
/// An organization's 法人番号 is a claim until proven (a scheme-owner officer's check of a
/// submitted document, a GビズID sign-in carrying the number, or a code mailed to the registered
/// head office). Only a proven claim is registered, named to buyers as that corporation, and
/// blocks the number for others; unproven claims of one number may coexist.
/// </summary>
public static class CorporateIdentity
{
    /// <summary>The claim is proven: verified, and for the number the organization gives now.</summary>
    public static bool IsVerified(string? claimedNumber, string? verifiedNumber, DateTime? verifiedAt) =>
        verifiedAt is not null && claimedNumber == verifiedNumber;

    public static IdentityProblem CheckVerification(string? claimedNumber, string? numberAsked, bool verifiedElsewhere, bool closed) =>
        claimedNumber != numberAsked ? IdentityProblem.NumberChanged
        : verifiedElsewhere ? IdentityProblem.NumberVerifiedElsewhere
        : closed ? IdentityProblem.Closed
        : IdentityProblem.None;

    /// <summary>How the claim compares with the NTA's data (empty when it matches, or when the organization gives no number).</summary>
    public static IReadOnlyList<IdentityFinding> Compare(string? claimedNumber, string claimedName, NtaCorporation? published, bool ntaDataLoaded)
    {
        if (claimedNumber is null || !ntaDataLoaded)
        {
            return [];
        }

        if (published is null)
        {
            return [IdentityFinding.NotInNtaData];
        }

        var flags = new List<IdentityFinding>();
        if (NormalizeName(claimedName) != NormalizeName(published.Name))
        {
            flags.Add(IdentityFinding.NameDiffers);
        }

        if (published.ClosedOn is not null)
        {
            flags.Add(IdentityFinding.Closed);
        }

        return flags;
    }

    /// <summary>A name as compared: width folded (NFKC), spaces removed, and 「(株)」「(有)」 read as 株式会社 and 有限会社.</summary>
    public static string NormalizeName(string name)
    {
        var text = new StringBuilder(name.Normalize(NormalizationForm.FormKC));
        text.Replace("(株)", "株式会社").Replace("(有)", "有限会社").Replace("(同)", "合同会社");
        return string.Concat(text.ToString().Where(c => !char.IsWhiteSpace(c)));
    }
}
