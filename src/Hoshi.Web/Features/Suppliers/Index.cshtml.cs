using System.Globalization;
using Hoshi.Data;
using Hoshi.Data.Suppliers;
using Hoshi.Domain;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Suppliers;

/// <summary>
/// A buyer's supplier portfolio in one screen: counts and bars by status and by required level,
/// then every supplier with the level required, the star held, its status and the latest
/// request, at-risk first; filtered, sorted, 50 a page; exported to CSV or Excel; suppliers added
/// one by one or imported from a file.
/// </summary>
[RequestSizeLimit(SheetExcelLimits.RequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = SheetExcelLimits.RequestBytes)]
public sealed class IndexModel(
    IAuthorizationService authorization, Organizations.OrganizationQueries organizations, SupplierStore store, PortfolioQueries portfolio, SupplierImportStore imports,
    UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<SuppliersText> text)
    : OrganizationPage(authorization)
{
    public const int PageSize = 50;

    public string OrganizationName { get; private set; } = "";

    public PortfolioPage Portfolio { get; private set; } = new([], 0, PortfolioCounts.Empty, [], []);

    public IReadOnlyList<SupplierImportRecord> RecentImports { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "status")]
    public SupplierStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "tag")]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true, Name = "department")]
    public string? Department { get; set; }

    /// <summary>3, 4, or 0 for none.</summary>
    [BindProperty(SupportsGet = true, Name = "required")]
    public int? Required { get; set; }

    [BindProperty(SupportsGet = true, Name = "gap")]
    public bool GapOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "archived")]
    public bool Archived { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public PortfolioSort Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Descending { get; set; }

    /// <summary>The page number, as <c>p</c> ("page" is Razor Pages' own route value).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (Portfolio.Total + PageSize - 1) / PageSize);

    public bool Filtered => Status is not null || !string.IsNullOrEmpty(Query) || !string.IsNullOrEmpty(Tag) || !string.IsNullOrEmpty(Department) || Required is not null || GapOnly;

    [BindProperty]
    public SupplierForm Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class SupplierForm
    {
        public string? CorporateNumber { get; set; }

        public string? Name { get; set; }

        public string? SupplierCode { get; set; }

        public string? Department { get; set; }

        public string? ContactEmail { get; set; }

        public string? Tags { get; set; }
    }

    public PortfolioFilter Filter => new(Status, Tag, Department, Required, Query, GapOnly, Archived, Sort, Descending);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var (added, errors) = await store.AddAsync(OrganizationId, new SupplierInput(Input.CorporateNumber, Input.Name, Input.SupplierCode, Input.Department, Input.ContactEmail, Input.Tags), UserId, Address, ct);
        if (added is null)
        {
            FieldErrors.AddTo(ModelState, errors, "Input.", text);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = text["Added", added.Name];
        return RedirectToPage(new { id = OrganizationId });
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        byte[]? bytes = null;
        string? problem = null;
        if (file is null || file.Length == 0)
        {
            problem = "empty";
        }
        else if (file.Length > SupplierImportStore.MaxUploadBytes)
        {
            problem = "tooLarge";
        }
        else
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        Guid? importId = null;
        if (bytes is not null)
        {
            (importId, problem) = await imports.StartAsync(OrganizationId, file!.FileName, bytes, UserId, Address, ct);
        }

        if (importId is null)
        {
            ModelState.AddModelError("file", text["ImportProblem_" + problem, SupplierImportStore.MaxUploadBytes / (1024 * 1024)]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return RedirectToPage("/Suppliers/Import", new { id = OrganizationId, importId });
    }

    /// <summary>The list as filtered, every page, as CSV or Excel.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        var page = await portfolio.ListAsync(OrganizationId, Filter, 1, int.MaxValue, ct);
        var headers = PortfolioExport.Headers(text);
        var rows = PortfolioExport.Rows(page.Rows, text);
        var stamp = portfolio.Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return format == "xlsx"
            ? File(PortfolioExport.Xlsx(text["ExportSheet"], headers, rows, [text["ExportNote", portfolio.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]], text["NotesSheet"]),
                SheetExcelLimits.ContentType, $"suppliers-{stamp}.xlsx")
            : File(PortfolioExport.Csv(headers, rows, PortfolioExport.AsksShiftJis(Request)), PortfolioExport.CsvTypeFor(PortfolioExport.AsksShiftJis(Request)), $"suppliers-{stamp}.csv");
    }

    /// <summary>An empty file with the import's columns.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? format, CancellationToken ct)
    {
        if (await GuardAsync(Operation.ManageSuppliers) is { } denied)
        {
            return denied;
        }

        _ = ct;
        var headers = SupplierImport.TemplateHeaders;
        return format == "xlsx"
            ? File(PortfolioExport.Xlsx("取引先", headers, [], [text["TemplateNote"]], text["NotesSheet"]), SheetExcelLimits.ContentType, "suppliers-template.xlsx")
            : File(PortfolioExport.Csv(headers, [], PortfolioExport.AsksShiftJis(Request)), PortfolioExport.CsvTypeFor(PortfolioExport.AsksShiftJis(Request)), "suppliers-template.csv");
    }

    public string LinkTo(int page) => Url.Page(null, Values(page))!;

    public string SortLink(PortfolioSort sort) => Url.Page(null, Values(1, sort, sort == Sort && !Descending))!;

    public string ExportLink(string format) => Url.Page(null, "Export", Values(1, extra: format))!;

    private Dictionary<string, object?> Values(int page, PortfolioSort? sort = null, bool? descending = null, string? extra = null)
    {
        var values = new Dictionary<string, object?>
        {
            ["id"] = OrganizationId,
            ["status"] = Status,
            ["q"] = string.IsNullOrEmpty(Query) ? null : Query,
            ["tag"] = string.IsNullOrEmpty(Tag) ? null : Tag,
            ["department"] = string.IsNullOrEmpty(Department) ? null : Department,
            ["required"] = Required,
            ["gap"] = GapOnly ? true : null,
            ["archived"] = Archived ? true : null,
            ["sort"] = (sort ?? Sort) == PortfolioSort.Risk ? null : sort ?? Sort,
            ["desc"] = (descending ?? Descending) ? true : null,
            ["p"] = page > 1 ? page : null,
        };
        if (extra is not null)
        {
            values["format"] = extra;
        }

        return values;
    }

    private Guid UserId => Guid.Parse(users.GetUserId(User)!);

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await organizations.NameAsync(OrganizationId, ct);
        PageNumber = Math.Max(1, PageNumber);
        Portfolio = await portfolio.ListAsync(OrganizationId, Filter, PageNumber, PageSize, ct);
        if (PageNumber > PageCount)
        {
            PageNumber = PageCount;
            Portfolio = await portfolio.ListAsync(OrganizationId, Filter, PageNumber, PageSize, ct);
        }

        RecentImports = await imports.RecentAsync(OrganizationId, 5, ct);
    }
}
