using Hoshi.Domain.Accounts;
using Hoshi.Domain.Guidance;
using Hoshi.Web.Features.Assessments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Guidance;

/// <summary>
/// Policy templates for a round: the list, each with the criteria it helps meet; one template's
/// form (company name, officer, contacts, dates…) fills it as .docx or PDF and records it as the
/// suggested supplement of those criteria.
/// </summary>
public sealed class TemplatesModel(IAuthorizationService authorization, AssessmentStore store, TemplateStore templates, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<GuidanceText> text)
    : AssessmentPage(authorization, store, users)
{
    [BindProperty(SupportsGet = true, Name = "template")]
    public string? TemplateId { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public string Format { get; set; } = "docx";

    public PolicyTemplate? Template { get; private set; }

    public IReadOnlyList<PolicyTemplate> All => TemplateStore.All;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (TemplateId is not null)
        {
            if (TemplateStore.Find(TemplateId) is not { } template)
            {
                return NotFound();
            }

            Template = template;
            Values["effective"] = Domain.JapanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        if (TemplateId is null || TemplateStore.Find(TemplateId) is not { } template || Format is not ("docx" or "pdf"))
        {
            return NotFound();
        }

        Template = template;
        var problems = template.Check(Values);
        if (problems.Count > 0)
        {
            foreach (var (name, problem) in problems)
            {
                var label = template.Fields.First(f => f.Name == name).Label.For(Shared.Language.Current);
                ModelState.AddModelError($"Values[{name}]", text["TemplateField_" + problem, label]);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var blocks = template.Fill(Values);
        await templates.RecordAsync(Loaded.Assessment.Id, Loaded.Assessment.OrganizationId, template, Values, UserId, Address, ct);
        var title = template.Title.JaText;
        return Format == "pdf"
            ? File(TemplateStore.Pdf(title, Values.GetValueOrDefault("company") ?? "", blocks), "application/pdf", $"{template.Id}.pdf")
            : File(TemplateStore.Docx(title, blocks), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{template.Id}.docx");
    }
}
