using Hoshi.Domain.Accounts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hoshi.Web.Shared;

/// <summary>The API token scope an endpoint needs (declared in OpenAPI as a requirement of the bearer scheme).</summary>
public sealed record TokenScope(ApiScope Scope);

/// <summary>
/// A request body the handler reads itself, declared for OpenAPI only (unlike <c>Accepts</c>, which
/// would also refuse other content types with 415 before authorization answers).
/// </summary>
public sealed record FileBody(params string[] ContentTypes);

/// <summary>
/// What the generated OpenAPI document adds to the endpoints' own metadata: the bearer scheme of the
/// organizations' API tokens, and on each endpoint that takes a token the scope it needs.
/// </summary>
public static class OpenApiSetup
{
    public const string Bearer = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An organization's API token (Authorization: Bearer …), issued on the organization's tokens page with scopes: "
                    + string.Join(", ", ApiScopes.All.Select(s => s.Name())) + ". A signed-in browser's cookie works too.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FileBody>().FirstOrDefault() is { } body)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
                };
            }

            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<TokenScope>().FirstOrDefault() is { } scope)
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [scope.Scope.Name()] },
                ];
            }

            return Task.CompletedTask;
        });
    }
}
