using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hoshi.Web.Features.Accessibility;

/// <summary>
/// The accessibility policy and test results, in the form Japanese public bodies publish them
/// (JIS X 8341-3:2016): the target, the pages covered, the method and tools, the date and the
/// result, and the known exceptions — read from the last sweep's own results file.
/// </summary>
public sealed class IndexModel(AccessibilityResults results) : PageModel
{
    public AccessibilityReport? Report { get; private set; }

    public void OnGet() => Report = results.Load();
}
