using System.Net;
using Hoshi.Web.Tests.Accounts;

namespace Hoshi.Web.Tests.Assessments;

/// <summary>The judge's declaration of no conflict of interest, made on the review page before the first verdict.</summary>
internal static class Declarations
{
    public static async Task DeclareAsync(HttpClient judge, Guid assessment)
    {
        var response = await FormPost.SendAsync(judge, $"/reviews/{assessment}?handler=Declare", new() { ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
