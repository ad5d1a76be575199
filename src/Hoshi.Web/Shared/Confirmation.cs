namespace Hoshi.Web.Shared;

/// <summary>
/// A step that cannot be undone, waiting for the person to confirm it (issue 24): the page shows
/// what will happen and to whom (<c>_Confirm.cshtml</c>), and only a second post with
/// <c>Confirmed=true</c> and the version the person saw takes the step. Plain forms: no script needed.
/// </summary>
/// <param name="Handler">The page handler that takes the step.</param>
/// <param name="Title">What the step is, as a heading.</param>
/// <param name="WhatHappens">What will happen, and to whom.</param>
/// <param name="Fields">The form fields to post again (the version the person saw, a reason …).</param>
public sealed record Confirmation(string Handler, string Title, string WhatHappens, IReadOnlyList<KeyValuePair<string, string?>> Fields)
{
    /// <summary>The form field that says the person confirmed.</summary>
    public const string ConfirmedField = "Confirmed";
}
