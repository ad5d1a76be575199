using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Hoshi.Web.Shared;

/// <summary>
/// A request that names no handler the page has (a POST with an unknown or missing <c>handler</c>,
/// or a GET asking for one that does not exist) answers 404. Without it, Razor Pages rendered the
/// page without running any handler: its guard never ran and the view met an empty model (500),
/// or a foreign organization's page rendered.
/// </summary>
public sealed class UnknownHandlers : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // An error page re-executed for a status keeps the original query (…?handler=X): not a request of its own.
        var reExecuted = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted && context.HandlerMethod is null && (!(HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)) || NamesHandler(context)))
        {
            context.Result = new NotFoundResult();
            return;
        }

        await next();
    }

    private static bool NamesHandler(PageHandlerExecutingContext context) =>
        context.RouteData.Values.TryGetValue("handler", out var routed) && routed is string { Length: > 0 }
        || context.HttpContext.Request.Query.ContainsKey("handler");
}
