using System.Text.RegularExpressions;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Conventions of the Razor views that the build does not check.</summary>
public sealed partial class ViewConventionTests
{
    /// <summary>
    /// The views run without the URL-resolution tag helper (_ViewImports.cshtml, issue 28): a "~/" URL
    /// would reach the browser as it is, unless its element's own tag helper resolves it (a
    /// &lt;link&gt; or &lt;script&gt; with asp-append-version).
    /// </summary>
    [Fact]
    public void A_tilde_url_appears_only_where_its_own_tag_helper_resolves_it()
    {
        var views = Directory.GetFiles(Path.Combine(Repository.Root, "src", "Hoshi.Web"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(views);
        var unresolved = (from view in views
                          from element in Element().Matches(File.ReadAllText(view)).Select(m => m.Value)
                          where element.Contains("~/", StringComparison.Ordinal)
                              && !(ResolvedByOwnHelper().IsMatch(element) && element.Contains("asp-append-version=\"true\"", StringComparison.Ordinal))
                          select $"{Path.GetFileName(view)}: {element}").ToList();
        Assert.True(unresolved.Count == 0, "'~/' left unresolved:\n" + string.Join("\n", unresolved));
        Assert.Contains(views, v => File.ReadAllText(v).Contains("@removeTagHelper Microsoft.AspNetCore.Mvc.Razor.TagHelpers.UrlResolutionTagHelper", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"<[a-zA-Z][^<>]*>")]
    private static partial Regex Element();

    [GeneratedRegex(@"^<(link|script)\s")]
    private static partial Regex ResolvedByOwnHelper();
}
