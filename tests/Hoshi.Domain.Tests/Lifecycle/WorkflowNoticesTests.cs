using Hoshi.Domain.Assessments;
using Hoshi.Domain.Evaluations;
using Hoshi.Domain.Lifecycle;

namespace Hoshi.Domain.Tests.Lifecycle;

public sealed class WorkflowNoticesTests
{
    [Fact]
    public void Every_round_step_but_reopening_tells_the_other_party()
    {
        foreach (var step in Enum.GetValues<AssessmentStep>())
        {
            Assert.Equal(step != AssessmentStep.Reopen, WorkflowNotices.ForRound(step).Count > 0);
        }

        Assert.Equal([Party.Expert], WorkflowNotices.ForRound(AssessmentStep.SubmitForReview));
        Assert.Equal([Party.RegistrationBody], WorkflowNotices.ForRound(AssessmentStep.SubmitForRegistration));
        Assert.Equal([Party.Applicant], WorkflowNotices.ForRound(AssessmentStep.Return));
    }

    [Fact]
    public void Every_evaluation_step_but_the_lapse_job_tells_someone_and_a_pass_tells_the_registering_accreditation_body()
    {
        foreach (var step in Enum.GetValues<EvaluationStep>())
        {
            Assert.Equal(step != EvaluationStep.Lapse, WorkflowNotices.ForEvaluation(step, EvaluationState.InProgress).Count > 0);
        }

        Assert.Equal([Party.Applicant, Party.AccreditationBody], WorkflowNotices.ForEvaluation(EvaluationStep.Decide, EvaluationState.Passed));
        Assert.Equal([Party.Applicant], WorkflowNotices.ForEvaluation(EvaluationStep.Decide, EvaluationState.CorrectiveActions));
        Assert.Equal([Party.EvaluationBody], WorkflowNotices.ForEvaluation(EvaluationStep.Request, EvaluationState.Requested));
    }

    [Fact]
    public void Kinds_are_words_and_each_belongs_to_one_mail_choice()
    {
        Assert.Equal("round-submit-for-registration", WorkflowNotices.Kind(AssessmentStep.SubmitForRegistration));
        Assert.Equal("star4-close-corrective-actions", WorkflowNotices.Kind(EvaluationStep.CloseCorrectiveActions));
        Assert.Equal("round-steps", WorkflowNotices.PreferenceOf(WorkflowNotices.Kind(AssessmentStep.Finalize)));
        Assert.Equal("star4-steps", WorkflowNotices.PreferenceOf(WorkflowNotices.Kind(EvaluationStep.Accept)));
        Assert.Null(WorkflowNotices.PreferenceOf("entry-expired"));
        Assert.Equal("accreditation-status-suspend", WorkflowNotices.AccreditationStatusKind("Suspend"));
        Assert.Equal("accreditation-status", WorkflowNotices.PreferenceOf(WorkflowNotices.AccreditationStatusKind("Withdraw")));
        Assert.Null(WorkflowNotices.PreferenceOf("accreditation-expiring"));
    }
}
