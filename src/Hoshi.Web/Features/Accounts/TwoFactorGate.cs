using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Hoshi.Web.Features.Accounts;

/// <summary>
/// People who must use two-factor sign-in (experts, judges, bodies' people) and have not done so
/// in this session are sent to the two-factor page before any other page: first enrol, or sign in
/// again with a code. Account pages and error pages stay reachable.
/// </summary>
public sealed class TwoFactorGate(Actors actors) : IAsyncPageFilter
{
    public const string RequiredPath = "/account/two-factor?required=true";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var path = context.ActionDescriptor.ViewEnginePath;
        if (context.HttpContext.User.Identity?.IsAuthenticated == true
            && !path.StartsWith("/Accounts/", StringComparison.Ordinal)
            && !path.StartsWith("/Errors/", StringComparison.Ordinal)
            && await actors.PersonAsync(context.HttpContext.User, context.HttpContext.RequestAborted) is { MissingTwoFactor: true })
        {
            context.Result = new RedirectResult(RequiredPath);
            return;
        }

        await next();
    }
}
