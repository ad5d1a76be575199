using System.Security.Cryptography;
using System.Text;

namespace Hoshi.Domain.Organizations;

/// <summary>Why a letter with a code cannot be asked for now.</summary>
public enum LetterRequestProblem
{
    None,

    /// <summary>The organization gives no 法人番号.</summary>
    NoNumber,

    /// <summary>The number is proven already.</summary>
    AlreadyVerified,

    /// <summary>The NTA's imported data does not list the number, so there is no registered head-office address to mail to.</summary>
    NotInNtaData,

    /// <summary>The NTA lists the corporation as closed.</summary>
    Closed,

    /// <summary>Another organization has proven this number.</summary>
    VerifiedElsewhere,

    /// <summary>A letter is asked for or on its way and still valid.</summary>
    LetterOpen,
}

/// <summary>Where a letter with a code stands.</summary>
public enum LetterState
{
    /// <summary>Asked for by the organization; a scheme-owner officer has not printed it yet.</summary>
    Requested,

    /// <summary>Printed and posted: its code may be entered until it expires.</summary>
    Sent,

    /// <summary>The code was entered: the number is proven.</summary>
    Used,

    /// <summary>Posted, but past its validity: ask for a new letter.</summary>
    Expired,

    /// <summary>Too many wrong codes, or withdrawn.</summary>
    Void,
}

/// <summary>What entering a code did.</summary>
public enum CodeOutcome
{
    /// <summary>The code matches: the number is proven.</summary>
    Accepted,

    /// <summary>No letter is on its way (none asked, not printed yet, or used).</summary>
    NoLetter,

    /// <summary>The letter's code expired.</summary>
    Expired,

    /// <summary>The code does not match; attempts remain.</summary>
    Wrong,

    /// <summary>The code does not match and no attempt remains: the letter is void.</summary>
    Exhausted,

    /// <summary>The organization's 法人番号 changed since the letter was asked for.</summary>
    NumberChanged,
}

/// <summary>
/// The third proof of a 法人番号: a one-time code printed in a letter posted to the head-office
/// address the National Tax Agency publishes for that number (never an address the organization
/// typed). Only the person at that address can read it. The code is shown once, when the officer
/// prints the letter; Hoshi keeps only its hash. A letter is valid <see cref="ValidDays"/> days
/// after posting and takes <see cref="MaxAttempts"/> wrong codes before it is void.
/// </summary>
public static class MailedCode
{
    /// <summary>Letters and digits that cannot be mistaken for one another when typed from paper (no 0/O, 1/I/L).</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int Length = 10;

    public const int ValidDays = 60;

    public const int MaxAttempts = 5;

    public static LetterRequestProblem CheckRequest(string? number, bool verified, bool inNtaData, bool closed, bool verifiedElsewhere, bool letterOpen) =>
        number is null ? LetterRequestProblem.NoNumber
        : verified ? LetterRequestProblem.AlreadyVerified
        : !inNtaData ? LetterRequestProblem.NotInNtaData
        : closed ? LetterRequestProblem.Closed
        : verifiedElsewhere ? LetterRequestProblem.VerifiedElsewhere
        : letterOpen ? LetterRequestProblem.LetterOpen
        : LetterRequestProblem.None;

    /// <summary>A new code from <paramref name="random"/> (cryptographic bytes), as printed: two groups of five.</summary>
    public static string NewCode(ReadOnlySpan<byte> random)
    {
        if (random.Length < Length)
        {
            throw new ArgumentException($"At least {Length} random bytes are needed.", nameof(random));
        }

        // 248 = 8 × 31: bytes at or above it would bias the choice, so they are skipped.
        var code = new StringBuilder(Length + 1);
        foreach (var b in random)
        {
            if (b >= 248)
            {
                continue;
            }

            code.Append(Alphabet[b % Alphabet.Length]);
            if (code.Length == 5)
            {
                code.Append('-');
            }

            if (code.Length == Length + 1)
            {
                return code.ToString();
            }
        }

        throw new ArgumentException("Not enough unbiased random bytes; ask for more.", nameof(random));
    }

    /// <summary>A code as people type it from paper: full-width folded, upper case, hyphens and spaces dropped.</summary>
    public static string Normalize(string? typed) =>
        string.Concat((typed ?? "").Normalize(NormalizationForm.FormKC).ToUpperInvariant().Where(c => !char.IsWhiteSpace(c) && c is not ('-' or 'ー' or '‐' or '−')));

    /// <summary>The hash kept of a code (of its normalized form, salted with the letter's id so equal codes differ).</summary>
    public static string Hash(string code, Guid letterId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(letterId.ToString("N") + ":" + Normalize(code))));

    /// <summary>The letter's state at <paramref name="now"/>.</summary>
    public static LetterState StateAt(DateTime? sentAt, DateTime? expiresAt, DateTime? usedAt, DateTime? voidAt, int attempts, DateTime now) =>
        usedAt is not null ? LetterState.Used
        : voidAt is not null || attempts >= MaxAttempts ? LetterState.Void
        : sentAt is null ? LetterState.Requested
        : expiresAt <= now ? LetterState.Expired
        : LetterState.Sent;

    /// <summary>A letter asked for or on its way blocks a second one.</summary>
    public static bool IsOpen(LetterState state) => state is LetterState.Requested or LetterState.Sent;

    /// <summary>What entering <paramref name="typed"/> does with a letter in <paramref name="state"/>.</summary>
    public static CodeOutcome Enter(LetterState state, string storedHash, Guid letterId, string? typed, int attemptsBefore, bool numberUnchanged)
    {
        if (state == LetterState.Expired)
        {
            return CodeOutcome.Expired;
        }

        if (state != LetterState.Sent)
        {
            return CodeOutcome.NoLetter;
        }

        if (!numberUnchanged)
        {
            return CodeOutcome.NumberChanged;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(typed ?? "", letterId)), Encoding.ASCII.GetBytes(storedHash));
        return matches ? CodeOutcome.Accepted
            : attemptsBefore + 1 >= MaxAttempts ? CodeOutcome.Exhausted
            : CodeOutcome.Wrong;
    }
}
