using System.Globalization;
using Hoshi.Domain.Accounts;
using Hoshi.Domain.Assessments;
using Hoshi.Web.Features.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Assessments;

/// <summary>The scope questionnaire (適用範囲), saved as a draft any time, complete before review.</summary>
public sealed class ScopeModel(IAuthorizationService authorization, AssessmentStore store, UserManager<Data.Accounts.HoshiUser> users, IStringLocalizer<AssessmentsText> text)
    : AssessmentPage(authorization, store, users)
{
    [BindProperty]
    public ScopeInput Input { get; set; } = new();

    public bool Saved { get; private set; }

    public bool ReadOnly => !ScopeReview.ApplicantMayEditScope(Loaded.Assessment.State, ScopeReviewFacts);

    /// <summary>The judge's verdict on the scope, if any: a recheck shows its remark and asks for a reply.</summary>
    public ScopeReviewFacts? ScopeReviewFacts { get; private set; }

    /// <summary>The judge sent the scope itself back, and the applicant may answer now.</summary>
    public bool InScopeRecheck => Loaded.Assessment.State == AssessmentState.RecheckRequested && ScopeReview.IsRecheck(ScopeReviewFacts);

    public IReadOnlyList<ScopeProblem> Open { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        ScopeReviewFacts = await Store.ScopeReviewAsync(AssessmentId, ct);
        Input = ScopeInput.From(Loaded.Scope, Loaded.Assessment.Version);
        Input.Reply = ScopeReviewFacts?.Reply;
        Open = ScopeRules.Check(Loaded.Scope);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(Operation.WorkOnAssessments, ct) is { } denied)
        {
            return denied;
        }

        ScopeReviewFacts = await Store.ScopeReviewAsync(AssessmentId, ct);
        var (scope, entityErrors) = Input.ToScope();
        foreach (var line in entityErrors)
        {
            ModelState.AddModelError("Input.Entities", text["EntityLineInvalid", line]);
        }

        if (ModelState.IsValid)
        {
            try
            {
                var problems = await Store.SaveScopeAsync(AssessmentId, Input.Version, scope, UserId, Address, InScopeRecheck ? Input.Reply : null, ct);
                foreach (var problem in problems)
                {
                    ModelState.AddModelError("Input." + problem.Field.Split('[')[0], text["Scope_" + problem.Code.Split('.')[0], text["Q_" + problem.Field.Split('[')[0]]]);
                }

                if (problems.Count == 0)
                {
                    Saved = true;
                    Input.Version++;
                    ScopeReviewFacts = await Store.ScopeReviewAsync(AssessmentId, ct);
                }
            }
            catch (ConcurrencyConflictException)
            {
                ModelState.AddModelError("", text["ScopeConflict"]);
            }
            catch (AssessmentStepException)
            {
                ModelState.AddModelError("", text["ScopeLocked", text["State_" + Loaded.Assessment.State]]);
            }
        }

        Open = ScopeRules.Check(scope);
        return Page();
    }

    /// <summary>The form's fields: yes/no as "yes"/"no", entities as lines "法人番号 名称".</summary>
    public sealed class ScopeInput
    {
        public string? WholeCompany { get; set; }

        public string? ScopeDefinition { get; set; }

        public string? ExclusionProtection { get; set; }

        public string? BoundaryDevicesInScope { get; set; }

        public string? BoundaryProtection { get; set; }

        public string? CloudInScope { get; set; }

        public string? ByodInScope { get; set; }

        public string? RemoteWorkInScope { get; set; }

        public string? Locations { get; set; }

        public string? Entities { get; set; }

        public string? FillerName { get; set; }

        public string? FillerDepartment { get; set; }

        public string? FillerExperienceYears { get; set; }

        public string? FillerQualifications { get; set; }

        public string? Difficulties { get; set; }

        public int Version { get; set; }

        /// <summary>The reply to the judge's recheck of the scope (only while the scope is sent back).</summary>
        public string? Reply { get; set; }

        private static bool? Bool(string? value) => value switch { "yes" => true, "no" => false, _ => null };

        private static string? Text(bool? value) => value switch { true => "yes", false => "no", null => null };

        public (ScopeQuestionnaire Scope, IReadOnlyList<string> BadLines) ToScope()
        {
            var entities = new List<CoveredEntity>();
            var bad = new List<string>();
            foreach (var raw in (Entities ?? "").Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                var parts = line.Split([' ', '\t', '　', ','], 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2)
                {
                    entities.Add(new CoveredEntity(parts[1], parts[0]));
                }
                else
                {
                    bad.Add(line);
                }
            }

            int? years = int.TryParse(FillerExperienceYears?.Trim().Normalize(System.Text.NormalizationForm.FormKC), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
            if (years is null && !string.IsNullOrWhiteSpace(FillerExperienceYears))
            {
                years = -1;
            }

            return (new ScopeQuestionnaire
            {
                WholeCompany = Bool(WholeCompany),
                ScopeDefinition = ScopeDefinition,
                ExclusionProtection = ExclusionProtection,
                BoundaryDevicesInScope = Bool(BoundaryDevicesInScope),
                BoundaryProtection = BoundaryProtection,
                CloudInScope = Bool(CloudInScope),
                ByodInScope = Bool(ByodInScope),
                RemoteWorkInScope = Bool(RemoteWorkInScope),
                Locations = Locations,
                OtherEntities = entities,
                FillerName = FillerName,
                FillerDepartment = FillerDepartment,
                FillerExperienceYears = years,
                FillerQualifications = FillerQualifications,
                Difficulties = Difficulties,
            }, bad);
        }

        public static ScopeInput From(ScopeQuestionnaire scope, int version) => new()
        {
            WholeCompany = Text(scope.WholeCompany),
            ScopeDefinition = scope.ScopeDefinition,
            ExclusionProtection = scope.ExclusionProtection,
            BoundaryDevicesInScope = Text(scope.BoundaryDevicesInScope),
            BoundaryProtection = scope.BoundaryProtection,
            CloudInScope = Text(scope.CloudInScope),
            ByodInScope = Text(scope.ByodInScope),
            RemoteWorkInScope = Text(scope.RemoteWorkInScope),
            Locations = scope.Locations,
            Entities = string.Join('\n', scope.OtherEntities.Select(e => $"{e.CorporateNumber} {e.Name}")),
            FillerName = scope.FillerName,
            FillerDepartment = scope.FillerDepartment,
            FillerExperienceYears = scope.FillerExperienceYears?.ToString(CultureInfo.InvariantCulture),
            FillerQualifications = scope.FillerQualifications,
            Difficulties = scope.Difficulties,
            Version = version,
        };
    }
}
