using Hoshi.Domain.Accounts;
using Hoshi.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Hoshi.Web.Features.Organizations;

/// <summary>
/// A page about one organization (route value <c>id</c>). <see cref="GuardAsync"/> asks the one
/// authorization place and turns its answer into sign-in, 404 (foreign organization) or 403.
/// </summary>
[Authorize]
public abstract class OrganizationPage(IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid OrganizationId { get; set; }

    protected IAuthorizationService Authorization => authorization;

    protected string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>Null when allowed; otherwise the result to return.</summary>
    protected async Task<IActionResult?> GuardAsync(Operation operation) =>
        await authorization.CheckAsync(User, operation, OrganizationId) switch
        {
            AccessOutcome.Allowed => null,
            AccessOutcome.SignInNeeded => Challenge(),
            AccessOutcome.NotFound => NotFound(),
            _ => Forbid(),
        };

    protected Task<bool> MayAsync(Operation operation, Guid? organizationId = null) =>
        authorization.MayAsync(User, operation, organizationId ?? OrganizationId);
}

public static class FieldErrors
{
    /// <summary>
    /// Puts a store's refused fields into the form's model state, each with its localized message
    /// (resource key <c>Error_{code}</c>, given the field's label <c>Field_{Field}</c>). A store's
    /// field "legalNameJa" is the form's "{prefix}LegalNameJa".
    /// </summary>
    public static void AddTo(ModelStateDictionary state, IEnumerable<FieldError> errors, string prefix, IStringLocalizer text)
    {
        foreach (var error in errors)
        {
            var field = char.ToUpperInvariant(error.Field[0]) + error.Field[1..];
            var label = text["Field_" + field];
            var message = text["Error_" + error.Code.Replace('.', '_'), label.ResourceNotFound ? field : label.Value];
            state.AddModelError(prefix + field, message.ResourceNotFound ? error.Message : message.Value);
        }
    }
}
