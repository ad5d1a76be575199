using Hoshi.Domain.Organizations;

namespace Hoshi.Domain.Tests.Organizations;

public sealed class MailedCodeTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_letter_is_asked_for_only_for_an_unproven_listed_open_number_without_another_letter()
    {
        Assert.Equal(LetterRequestProblem.None, MailedCode.CheckRequest("7000012050002", false, true, false, false, false));
        Assert.Equal(LetterRequestProblem.NoNumber, MailedCode.CheckRequest(null, false, true, false, false, false));
        Assert.Equal(LetterRequestProblem.AlreadyVerified, MailedCode.CheckRequest("7000012050002", true, true, false, false, false));
        Assert.Equal(LetterRequestProblem.NotInNtaData, MailedCode.CheckRequest("7000012050002", false, false, false, false, false));
        Assert.Equal(LetterRequestProblem.Closed, MailedCode.CheckRequest("7000012050002", false, true, true, false, false));
        Assert.Equal(LetterRequestProblem.VerifiedElsewhere, MailedCode.CheckRequest("7000012050002", false, true, false, true, false));
        Assert.Equal(LetterRequestProblem.LetterOpen, MailedCode.CheckRequest("7000012050002", false, true, false, false, true));
    }

    [Fact]
    public void Codes_use_only_unambiguous_characters_in_two_groups_of_five_and_skip_biased_bytes()
    {
        var code = MailedCode.NewCode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Assert.Matches("^[A-Z2-9]{5}-[A-Z2-9]{5}$", code);
        Assert.DoesNotContain(code, c => c is '0' or 'O' or '1' or 'I' or 'L');

        // Bytes 248–255 would favour the first characters: they are skipped.
        byte[] bytes = [255, 250, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Equal("ABCDE-FGHJK", MailedCode.NewCode(bytes));
        Assert.Throws<ArgumentException>(() => MailedCode.NewCode(new byte[] { 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 }));
        Assert.Throws<ArgumentException>(() => MailedCode.NewCode(new byte[4]));
    }

    [Fact]
    public void A_code_is_typed_as_people_type_it_from_paper()
    {
        Assert.Equal("ABCDE23456", MailedCode.Normalize(" abcde-23456 "));
        Assert.Equal("ABCDE23456", MailedCode.Normalize("ＡＢＣＤＥ－２３４５６"));
        Assert.Equal("ABCDE23456", MailedCode.Normalize("ABCDE ー 23456"));
        var letter = Guid.NewGuid();
        Assert.Equal(MailedCode.Hash("ABCDE-23456", letter), MailedCode.Hash("abcde23456", letter));
        Assert.NotEqual(MailedCode.Hash("ABCDE-23456", letter), MailedCode.Hash("ABCDE-23456", Guid.NewGuid()));
    }

    [Fact]
    public void A_letter_moves_from_requested_to_sent_to_used_or_void()
    {
        Assert.Equal(LetterState.Requested, MailedCode.StateAt(null, null, null, null, 0, Now));
        Assert.Equal(LetterState.Sent, MailedCode.StateAt(Now.AddDays(-1), Now.AddDays(59), null, null, 0, Now));
        Assert.Equal(LetterState.Expired, MailedCode.StateAt(Now.AddDays(-61), Now.AddDays(-1), null, null, 0, Now));
        Assert.Equal(LetterState.Void, MailedCode.StateAt(Now.AddDays(-1), Now.AddDays(59), null, null, MailedCode.MaxAttempts, Now));
        Assert.Equal(LetterState.Void, MailedCode.StateAt(Now.AddDays(-1), Now.AddDays(59), null, Now, 0, Now));
        Assert.Equal(LetterState.Used, MailedCode.StateAt(Now.AddDays(-1), Now.AddDays(59), Now, null, 0, Now));
        Assert.True(MailedCode.IsOpen(LetterState.Requested));
        Assert.True(MailedCode.IsOpen(LetterState.Sent));
        Assert.False(MailedCode.IsOpen(LetterState.Void));
        Assert.False(MailedCode.IsOpen(LetterState.Expired));
        Assert.False(MailedCode.IsOpen(LetterState.Used));
    }

    [Fact]
    public void The_right_code_proves_the_number_and_wrong_ones_run_out()
    {
        var letter = Guid.NewGuid();
        var hash = MailedCode.Hash("ABCDE-23456", letter);
        Assert.Equal(CodeOutcome.Accepted, MailedCode.Enter(LetterState.Sent, hash, letter, "abcde 23456", 0, true));
        Assert.Equal(CodeOutcome.Wrong, MailedCode.Enter(LetterState.Sent, hash, letter, "ABCDE-23457", 0, true));
        Assert.Equal(CodeOutcome.Wrong, MailedCode.Enter(LetterState.Sent, hash, letter, null, MailedCode.MaxAttempts - 2, true));
        Assert.Equal(CodeOutcome.Exhausted, MailedCode.Enter(LetterState.Sent, hash, letter, "ABCDE-23457", MailedCode.MaxAttempts - 1, true));

        // No letter on its way, an expired one, a void one, or a number changed since: never accepted, even with the right code.
        Assert.Equal(CodeOutcome.NoLetter, MailedCode.Enter(LetterState.Requested, hash, letter, "ABCDE-23456", 0, true));
        Assert.Equal(CodeOutcome.NoLetter, MailedCode.Enter(LetterState.Used, hash, letter, "ABCDE-23456", 0, true));
        Assert.Equal(CodeOutcome.Expired, MailedCode.Enter(LetterState.Expired, hash, letter, "ABCDE-23456", 0, true));
        Assert.Equal(CodeOutcome.NoLetter, MailedCode.Enter(LetterState.Void, hash, letter, "ABCDE-23456", MailedCode.MaxAttempts, true));
        Assert.Equal(CodeOutcome.NumberChanged, MailedCode.Enter(LetterState.Sent, hash, letter, "ABCDE-23456", 0, false));

        // The hash of another letter does not take this letter's code.
        Assert.Equal(CodeOutcome.Wrong, MailedCode.Enter(LetterState.Sent, MailedCode.Hash("ABCDE-23456", Guid.NewGuid()), letter, "ABCDE-23456", 0, true));
    }
}
