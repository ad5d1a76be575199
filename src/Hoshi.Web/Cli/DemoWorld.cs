using Hoshi.Data;
using Hoshi.Data.Assessments;
using Hoshi.Domain;
using Hoshi.Domain.Assessments;
using Hoshi.Domain.Catalog;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Experts;
using Hoshi.Domain.Organizations;
using Hoshi.Domain.Suppliers;
using Hoshi.Web.Features.Assessments;
using Hoshi.Web.Features.Evaluations;
using Hoshi.Web.Features.Experts;
using Hoshi.Web.Features.Organizations;
using Hoshi.Web.Features.Registry;
using Hoshi.Web.Features.Reviews;
using Hoshi.Web.Features.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Hoshi.Web.Cli;

/// <summary>
/// The living part of <c>seed-demo</c> (issue 24): the demo assessor is a verified expert with valid
/// training; registered suppliers (some expiring) to search; the buyer's portfolio of about twenty in
/// mixed standings with a request overdue; rounds in Draft, UnderReview after a recheck, and sent for
/// registration; a ★4 evaluation in progress with a technical verification provider. Every demo person
/// finds work in their inbox. Each part is made through the same stores the pages use, once: a part
/// whose data exists is left as it is.
/// </summary>
internal static class DemoWorld
{
    private const string Catalog = "scs-2026-03";

    /// <summary>Registered demo suppliers: 法人番号 base, name, prefecture, level, days left when expiring soon (else a fresh entry).</summary>
    private static readonly (string Base12, string Name, string Prefecture, Level Level, int? DaysLeft)[] Registered =
    [
        ("999900010001", "青葉金属工業株式会社(デモ)", "23", Level.Star3, null),
        ("999900010002", "株式会社いろは樹脂(デモ)", "23", Level.Star3, null),
        ("999900010003", "東海プレス株式会社(デモ)", "22", Level.Star3, 40),
        ("999900010004", "株式会社つばさ電装(デモ)", "13", Level.Star4, null),
        ("999900010005", "中部精工株式会社(デモ)", "21", Level.Star3, null),
        ("999900010006", "有限会社みどり塗装(デモ)", "23", Level.Star3, 75),
        ("999900010007", "株式会社なごや物流(デモ)", "23", Level.Star3, null),
        ("999900010008", "北陸ダイカスト株式会社(デモ)", "17", Level.Star3, null),
        ("999900010009", "株式会社さくらソフト(デモ)", "27", Level.Star4, null),
        ("999900010010", "三河ゴム工業株式会社(デモ)", "23", Level.Star3, null),
        ("999900010011", "株式会社はやぶさ精密(デモ)", "14", Level.Star3, 20),
        ("999900010012", "関西ワイヤーハーネス株式会社(デモ)", "28", Level.Star3, null),
    ];

    /// <summary>Suppliers not in the registry (the buyer knows them by 法人番号 and name).</summary>
    private static readonly (string Base12, string Name)[] Unregistered =
    [
        ("999900020001", "株式会社こだま製作所(デモ)"),
        ("999900020002", "丸山鋳造株式会社(デモ)"),
        ("999900020003", "株式会社ひかり梱包(デモ)"),
        ("999900020004", "西尾化成株式会社(デモ)"),
        ("999900020005", "有限会社たけうち研磨(デモ)"),
        ("999900020006", "株式会社しらかわ電子(デモ)"),
    ];

    private static readonly ScopeQuestionnaire WholeCompany = new()
    {
        WholeCompany = true,
        BoundaryDevicesInScope = false,
        CloudInScope = true,
        ByodInScope = false,
        RemoteWorkInScope = false,
        Locations = "本社、第一工場",
        FillerName = "総務部 情報担当",
        FillerDepartment = "総務部",
    };

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var people = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@demo.hoshi.localhost")).ToDictionaryAsync(u => u.Email![..u.Email!.IndexOf('@')], u => u.Id, ct);
        var numbers = DemoData.Organizations.Select(o => DemoData.CorporateNumberFor(o.Base12)).ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => numbers.Contains(o.CorporateNumber!)).Select(o => new { o.Id, o.CorporateNumber }).ToListAsync(ct);
        Guid Org(string base12) => organizations.Single(o => o.CorporateNumber == DemoData.CorporateNumberFor(base12)).Id;

        var world = new World(services, people, Org("999900000001"), Org("999900000002"), Org("999900000003"), Org("999900000004"), Org("999900000005"), Org("999900000006"));
        await Console.Out.WriteLineAsync("Demo work (each part once):");
        await ExpertsAsync(world, ct);
        await RegisteredSuppliersAsync(world, ct);
        await PortfolioAsync(world, ct);
        await DraftRoundAsync(world, ct);
        await RoundUnderReviewAsync(world, ct);
        await RoundSentForRegistrationAsync(world, ct);
        await EvaluationInProgressAsync(world, ct);
    }

    private sealed record World(IServiceProvider Services, IReadOnlyDictionary<string, Guid> People, Guid Applicant, Guid Buyer, Guid EvaluationBody, Guid VerificationProvider, Guid RegistrationBody, Guid AccreditationBody)
    {
        public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

        public DateOnly Today => JapanTime.DateOf(Get<TimeProvider>().GetUtcNow());
    }

    /// <summary>The demo assessor reviews ★3 rounds (verified, training valid); the demo verifier has applied and waits for the scheme owner.</summary>
    private static async Task ExpertsAsync(World world, CancellationToken ct)
    {
        var experts = world.Get<ExpertStore>();
        var assessor = world.People["assessor"];
        if (await experts.FindAsync(assessor, ct) is null)
        {
            var profile = await experts.SaveAsync(assessor, null, new ExpertInput("099001", null, "一般社団法人 星セキュリティ評価センター(デモ)", world.Today.AddMonths(-3)), null, ct);
            var problem = await experts.DecideVerificationAsync(assessor, VerificationAction.Verify, ExpertVerification.RegisterBasis, null, profile.Version, world.People["owner"], null, ct);
            await Console.Out.WriteLineAsync($"  expert: assessor@demo.hoshi.localhost verified ({problem})");
        }

        var verifier = world.People["verifier"];
        if (await experts.FindAsync(verifier, ct) is null)
        {
            await experts.SaveAsync(verifier, null, new ExpertInput(null, experts.AcceptedQualifications[0], "星テック検証株式会社(デモ)", world.Today.AddMonths(-1)), null, ct);
            await Console.Out.WriteLineAsync("  expert: verifier@demo.hoshi.localhost applied, waiting for the scheme owner's check");
        }
    }

    /// <summary>Organizations in the registry, registered by the demo bodies; three run out within 90 days.</summary>
    private static async Task RegisteredSuppliersAsync(World world, CancellationToken ct)
    {
        var db = world.Get<AppDbContext>();
        var made = 0;
        // The signing key (and the Data Protection key that wraps it) is made before any transaction:
        // on SQLite a second connection could not write while one is open.
        await world.Get<RegistryKeys>().SigningKeyAsync(ct);
        foreach (var (base12, name, prefecture, level, daysLeft) in Registered)
        {
            var number = DemoData.CorporateNumberFor(base12);
            if (await db.Organizations.AnyAsync(o => o.CorporateNumber == number, ct))
            {
                continue;
            }

            var organization = await NewApplicantAsync(world, number, name, prefecture, ct);
            var registrar = level == Level.Star3 ? (world.RegistrationBody, world.People["registrar"]) : (world.AccreditationBody, world.People["accreditor"]);
            var today = world.Today;
            var from = daysLeft is { } left ? today.AddDays(left) : today;
            if (daysLeft is not null)
            {
                // Registered long enough ago that the entry runs out in a few weeks.
                while (Domain.Registry.RegistryValidity.ValidUntil(level, from) > today.AddDays(daysLeft.Value))
                {
                    from = from.AddDays(-1);
                }
            }

            var registeredAt = new DateTimeOffset(from.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var round = new AssessmentRecord { Id = Guid.CreateVersion7(registeredAt), OrganizationId = organization, Level = level, CatalogVersionId = Catalog, State = AssessmentState.Registered, CreatedAt = registeredAt.UtcDateTime, UpdatedAt = registeredAt.UtcDateTime };
            db.Assessments.Add(round);
            await world.Get<RegistryBook>().RegisterAsync(new NewRegistration(round.Id, organization, level, WholeCompany, registrar.Item1, registrar.Item2), registeredAt, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            made++;
        }

        if (made > 0)
        {
            await world.Get<RegistryBook>().RefreshAsync([.. Registered.Select(r => DemoData.CorporateNumberFor(r.Base12))], ct);
            await Console.Out.WriteLineAsync($"  registry: {made} demo suppliers registered (3 run out within 90 days)");
        }
    }

    /// <summary>The buyer's portfolio: the registered suppliers, the demo applicant and six not registered; required levels decided for most; two requests out, one overdue.</summary>
    private static async Task PortfolioAsync(World world, CancellationToken ct)
    {
        var db = world.Get<AppDbContext>();
        if (await db.Suppliers.AnyAsync(s => s.BuyerId == world.Buyer, ct))
        {
            return;
        }

        var store = world.Get<SupplierStore>();
        var buyerPerson = world.People["buyer"];
        var rows = Registered.Select(r => (r.Base12, r.Name)).Append(("999900000001", "ほしの精密部品株式会社(デモ)")).Concat(Unregistered).ToList();
        var departments = new[] { "調達部", "購買部 第一課", "生産技術部" };
        var added = new List<(Guid Id, string Base12)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (base12, name) = rows[i];
            var (supplier, errors) = await store.AddAsync(world.Buyer, new SupplierInput(DemoData.CorporateNumberFor(base12), name, $"S-{i + 1:000}", departments[i % departments.Length], null, i % 4 == 0 ? "重要,金型" : "部品"), buyerPerson, null, ct);
            if (supplier is null)
            {
                throw new InvalidOperationException($"Demo supplier {name}: {string.Join("; ", errors.Select(e => e.Code))}");
            }

            added.Add((supplier.Id, base12));
        }

        // Required levels: ★4 for the suppliers that see confidential drawings and reach internal systems, ★3 for most; three left undecided.
        for (var i = 0; i < added.Count - 3; i++)
        {
            var star4 = i % 5 == 1;
            var version = await db.Suppliers.AsNoTracking().Where(s => s.Id == added[i].Id).Select(s => s.Version).SingleAsync(ct);
            await store.DecideAsync(world.Buyer, added[i].Id, new DecisionAnswers(star4, star4, star4 ? true : false, "図面の受け渡しと生産計画の共有"), new DecisionChoices(), version, buyerPerson, null, ct);
        }

        var requests = world.Get<SupplierRequestStore>();
        var applicantSupplier = added.Single(a => a.Base12 == "999900000001").Id;
        await requests.SendAsync(world.Buyer, applicantSupplier, 3, world.Today.AddDays(60), "取引継続のため、★3の取得をお願いします。", null, buyerPerson, null, ct);
        var overdue = added.Single(a => a.Base12 == Unregistered[0].Base12).Id;
        if (await requests.SendAsync(world.Buyer, overdue, 3, world.Today.AddDays(1), "★3の取得予定をお知らせください。", null, buyerPerson, null, ct) is { Request: { } late })
        {
            // Sent months ago with a due date that has passed.
            await db.SupplierRequests.Where(r => r.Id == late.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.DueOn, world.Today.AddDays(-14))
                .SetProperty(r => r.CreatedAt, DateTime.UtcNow.AddDays(-100)), ct);
        }

        await Console.Out.WriteLineAsync($"  portfolio: {added.Count} suppliers for 星野自動車株式会社(デモ), 2 requests (1 overdue)");
    }

    /// <summary>The demo applicant has started ★3: scope done, a third of the sheet answered.</summary>
    private static async Task DraftRoundAsync(World world, CancellationToken ct)
    {
        var db = world.Get<AppDbContext>();
        if (await db.Assessments.AnyAsync(a => a.OrganizationId == world.Applicant, ct))
        {
            return;
        }

        var person = world.People["applicant"];
        var round = await StartAsync(world, world.Applicant, Level.Star3, person, ct);
        await AnswerAsync(world, round, person, take: 27, ct);

        // An adviser beside the company (the demo IT vendor's person): one question asked, one answer proposed.
        var advice = world.Get<AdviceStore>();
        var loaded = (await world.Get<AssessmentStore>().LoadAsync(round, ct))!;
        var invited = await advice.InviteAsync(loaded, "verifier@demo.hoshi.localhost", person, null, ct);
        var open = loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).Skip(27).Where(c => c.AnswerType == Domain.Catalog.AnswerType.YesNo).Take(2).ToList();
        await advice.AskAsync(loaded, [open[0].Id], person, null, ct);
        var proposed = await advice.AddAsync(loaded, open[1].Id, "就業規則に秘密保持の条項があれば、その条を補足に書けば足ります。", YesNo.Yes, "就業規則 第12条 秘密保持(2025-04-01改定)", world.People["verifier"], null, ct);
        if (invited != AdviserProblem.None || proposed is not null)
        {
            throw new InvalidOperationException($"Demo adviser: {invited} {proposed}");
        }

        await Console.Out.WriteLineAsync("  round: ほしの精密部品株式会社(デモ) ★3, draft, 27 of 81 answered; adviser verifier@demo.hoshi.localhost with one question and one proposal");
    }

    /// <summary>A ★3 round the demo assessor reviews: two items went back for 再確認 and came back answered.</summary>
    private static async Task RoundUnderReviewAsync(World world, CancellationToken ct)
    {
        if (await SubmittedByNewApplicantAsync(world, "999900030001", "株式会社あおぞら製作所(デモ)", "23", new("aozora", "青空 一郎", Domain.Accounts.MembershipRole.OrgAdmin), ct) is not { } submitted)
        {
            return;
        }

        var (round, person) = submitted;
        var expert = world.People["assessor"];
        var criteria = await JudgeAsync(world, round, expert, recheck: 2, ct);

        var steps = world.Get<AssessmentSteps>();
        var store = world.Get<AssessmentStore>();
        Check(await steps.StepAsync((await store.LoadAsync(round, ct))!, AssessmentStep.RequestRecheck, expert, null, null, ct), "request recheck");
        var loaded = (await store.LoadAsync(round, ct))!;
        var answers = await store.AnswersAsync(round, ct);
        foreach (var criterion in criteria.Take(2))
        {
            var saved = await store.SaveAnswerAsync(loaded, criterion.Id, AnswerOf(criterion), "情報セキュリティ規程 第5条(2026-11改定)", answers[criterion.Id].Version, person, null,
                "ご指摘のとおり規程の該当条を追記しました。", ct);
            if (!saved.Saved)
            {
                throw new InvalidOperationException($"Demo recheck answer {criterion.Id}: {saved.Problem} {saved.Refusal}");
            }
        }

        Check(await steps.StepAsync((await store.LoadAsync(round, ct))!, AssessmentStep.AnswerRechecks, person, null, null, ct), "answer rechecks");
        await Console.Out.WriteLineAsync("  round: 株式会社あおぞら製作所(デモ) ★3, under review by the demo assessor, 2 rechecks answered");
    }

    /// <summary>A ★3 round approved by the demo assessor, declared by management and sent to the demo registration body.</summary>
    private static async Task RoundSentForRegistrationAsync(World world, CancellationToken ct)
    {
        if (await SubmittedByNewApplicantAsync(world, "999900030002", "みなと電機株式会社(デモ)", "14", new("minato", "港 春子", Domain.Accounts.MembershipRole.OrgAdmin), ct) is not { } submitted)
        {
            return;
        }

        var (round, person) = submitted;
        var expert = world.People["assessor"];
        await JudgeAsync(world, round, expert, recheck: 0, ct);
        var steps = world.Get<AssessmentSteps>();
        var store = world.Get<AssessmentStore>();
        Check(await steps.StepAsync((await store.LoadAsync(round, ct))!, AssessmentStep.Finalize, expert, null, null, ct), "finalize");
        var refused = await steps.DeclareAsync(round, "港 春子", "代表取締役", world.Today, true, "当社は、★3の要求事項に適合していることを宣言します。", world.RegistrationBody, person, null, ct);
        if (refused.Count > 0)
        {
            throw new InvalidOperationException("Demo declaration: " + string.Join("; ", refused));
        }

        Check(await steps.StepAsync((await store.LoadAsync(round, ct))!, AssessmentStep.SubmitForRegistration, person, null, null, ct), "submit for registration");
        await Console.Out.WriteLineAsync("  round: みなと電機株式会社(デモ) ★3, approved and sent to SCS登録センター(デモ)");
    }

    /// <summary>The buyer (also an applicant) is evaluated for ★4 by the demo evaluation body: accepted, team appointed, planned, technical verification by the demo provider, started.</summary>
    private static async Task EvaluationInProgressAsync(World world, CancellationToken ct)
    {
        var db = world.Get<AppDbContext>();
        if (await db.Assessments.AnyAsync(a => a.OrganizationId == world.Buyer && a.Level == Level.Star4, ct))
        {
            return;
        }

        var person = world.People["buyer"];
        var round = await StartAsync(world, world.Buyer, Level.Star4, person, ct);
        await AnswerAsync(world, round, person, take: int.MaxValue, ct);
        var evaluations = world.Get<EvaluationStore>();
        var (evaluation, refusal, _, _) = await evaluations.RequestAsync((await world.Get<AssessmentStore>().LoadAsync(round, ct))!, world.EvaluationBody, person, null, ct);
        if (evaluation is null)
        {
            throw new InvalidOperationException("Demo evaluation request: " + refusal);
        }

        var lead = world.People["assessor"];
        Check(await evaluations.StepAsync(evaluation.Id, EvaluationStep.Accept, lead, null, ct: ct), "accept");
        await evaluations.AppointAsync(evaluation.Id, lead, [], lead, null, ct);
        var today = world.Today;
        var version = await db.Evaluations.AsNoTracking().Where(e => e.Id == evaluation.Id).Select(e => e.Version).SingleAsync(ct);
        await evaluations.SavePlanAsync(evaluation.Id, new EvaluationPlan("対象範囲は本社と第一工場。情報システム部長が立ち会う。", today.AddDays(3), today.AddDays(10), today.AddDays(12)), version, lead, null, ct);
        var record = (await evaluations.FindAsync(evaluation.Id, ct))!;
        await world.Get<TechnicalVerificationStore>().SaveSetupAsync(record, world.VerificationProvider, "本社の外部公開サーバ(203.0.113.0/28)", null, "外部からの脆弱性診断を委託", 0, lead, null, ct);
        Check(await evaluations.StepAsync(evaluation.Id, EvaluationStep.Start, lead, null, ct: ct), "start");
        await Console.Out.WriteLineAsync("  evaluation: 星野自動車株式会社(デモ) ★4, in progress at the demo evaluation body, technical verification by 星テック検証(デモ)");
    }

    /// <summary>A new demo applicant with its administrator and a ★3 round submitted to the demo assessor; null when it exists already.</summary>
    private static async Task<(Guid Round, Guid Person)?> SubmittedByNewApplicantAsync(World world, string base12, string name, string prefecture, DemoData.DemoUser administrator, CancellationToken ct)
    {
        var number = DemoData.CorporateNumberFor(base12);
        if (await world.Get<AppDbContext>().Organizations.AnyAsync(o => o.CorporateNumber == number, ct))
        {
            return null;
        }

        var organization = await NewApplicantAsync(world, number, name, prefecture, ct);
        var person = await DemoData.EnsurePersonAsync(world.Services, administrator, organization, [OrganizationRole.Applicant], ct);
        return (await SubmittedAsync(world, organization, person, ct), person);
    }

    private static async Task<Guid> NewApplicantAsync(World world, string number, string name, string prefecture, CancellationToken ct)
    {
        var organizations = world.Get<OrganizationStore>();
        var organization = await organizations.CreateAsync(new NewOrganization(name, null, number, EmployeeBand.From11To50, "24 金属製品製造業", prefecture, IsSynthetic: true), "cli:seed-demo", ct);
        await organizations.GrantRoleAsync(organization.Id, OrganizationRole.Applicant, "cli:seed-demo", true, true, ct);
        await DemoData.MarkVerifiedAsync(world.Services, organization.Id, number, ct);
        return organization.Id;
    }

    private static async Task<Guid> StartAsync(World world, Guid organization, Level level, Guid person, CancellationToken ct)
    {
        var store = world.Get<AssessmentStore>();
        var round = await store.StartAsync(organization, level, person, null, ct);
        var problems = await store.SaveScopeAsync(round.Id, round.Version, WholeCompany, person, null, null, ct);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Demo scope: " + string.Join("; ", problems.Select(p => p.Field + " " + p.Code)));
        }

        return round.Id;
    }

    private static async Task AnswerAsync(World world, Guid round, Guid person, int take, CancellationToken ct)
    {
        var store = world.Get<AssessmentStore>();
        var loaded = (await store.LoadAsync(round, ct))!;
        foreach (var criterion in loaded.Catalog.SheetFor(loaded.Assessment.Level).SelectMany(r => r.Criteria).Take(take))
        {
            var saved = await store.SaveAnswerAsync(loaded, criterion.Id, AnswerOf(criterion), "情報セキュリティ規程(2026-04-01改定)", 0, person, null, null, ct);
            if (!saved.Saved)
            {
                throw new InvalidOperationException($"Demo answer {criterion.Id}: {saved.Problem} {saved.Refusal}");
            }
        }
    }

    /// <summary>A new ★3 round, fully answered, the demo assessor chosen, effort recorded, submitted for review; the assessor declares no conflict.</summary>
    private static async Task<Guid> SubmittedAsync(World world, Guid organization, Guid person, CancellationToken ct)
    {
        var round = await StartAsync(world, organization, Level.Star3, person, ct);
        await AnswerAsync(world, round, person, int.MaxValue, ct);
        var store = world.Get<AssessmentStore>();
        var steps = world.Get<AssessmentSteps>();
        var choice = await steps.ChooseExpertAsync((await store.LoadAsync(round, ct))!, "assessor@demo.hoshi.localhost", person, null, ct);
        if (choice.Problem != ExpertChoiceProblem.None)
        {
            throw new InvalidOperationException($"Demo expert choice: {choice.Problem} {choice.Conflict}");
        }

        await steps.RecordEffortAsync(round, 3m, 12m, person, null, ct);
        Check(await steps.StepAsync((await store.LoadAsync(round, ct))!, AssessmentStep.SubmitForReview, person, null, null, ct), "submit for review");
        var loaded = (await store.LoadAsync(round, ct))!;
        await world.Get<Features.Independence.IndependenceStore>().DeclareAsync(world.People["assessor"], loaded.Assessment, "expert",
            "私は、この申請者と利害関係がないことを宣言します。(デモ)", null, ct);
        return round;
    }

    /// <summary>The expert accepts the scope and judges every criterion conformant, the first <paramref name="recheck"/> 再確認; returns the criteria in sheet order.</summary>
    private static async Task<IReadOnlyList<Criterion>> JudgeAsync(World world, Guid round, Guid expert, int recheck, CancellationToken ct)
    {
        var store = world.Get<AssessmentStore>();
        var loaded = (await store.LoadAsync(round, ct))!;
        var scope = await world.Get<ScopeReviewStore>().JudgeAsync(loaded, ScopeVerdict.Accepted, "全社が対象です。", new Dictionary<ScopeExclusion, string?>
        {
            [ScopeExclusion.BoundaryDevices] = "取引先とつながる境界機器はありません。",
            [ScopeExclusion.Byod] = "私物端末の業務利用は規程で禁止しています。",
            [ScopeExclusion.RemoteWork] = "テレワークは行っていません。",
        }, 0, expert, null, ct);
        if (!scope.Saved)
        {
            throw new InvalidOperationException("Demo scope verdict: " + string.Join("; ", scope.Problems));
        }

        var criteria = loaded.Catalog.SheetFor(Level.Star3).SelectMany(r => r.Criteria).ToList();
        var reviews = world.Get<ReviewStore>();
        for (var i = 0; i < criteria.Count; i++)
        {
            var (verdict, remark) = i < recheck ? (Verdict.Recheck, "規程のどの条で定めているか、補足に書いてください。") : (Verdict.Conformant, (string?)null);
            var saved = await reviews.SaveVerdictAsync((await store.LoadAsync(round, ct))!, criteria[i].Id, verdict, remark, 0, expert, null, ct);
            if (!saved.Saved)
            {
                throw new InvalidOperationException($"Demo verdict {criteria[i].Id}: {saved.Problem}");
            }
        }

        return criteria;
    }

    private static string AnswerOf(Criterion criterion) => criterion.AnswerType switch
    {
        AnswerType.YesNo => YesNo.Yes,
        AnswerType.Choice => criterion.Choices[0].Value,
        _ => "規程と手順書で定め、年1回見直している。",
    };

    private static void Check(StepOutcome outcome, string step)
    {
        if (!outcome.Allowed)
        {
            throw new InvalidOperationException($"Demo step {step}: {outcome.Refusal}");
        }
    }

    private static void Check(EvaluationOutcome outcome, string step)
    {
        if (!outcome.Allowed)
        {
            throw new InvalidOperationException($"Demo evaluation step {step}: {outcome.Refusal}");
        }
    }
}
