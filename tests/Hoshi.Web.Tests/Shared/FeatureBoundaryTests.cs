using Microsoft.AspNetCore.Mvc.RazorPages;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Hoshi.Web.Tests.Shared;

/// <summary>
/// Features meet only at their public surface (issue 23): read from the compiled Hoshi.Web
/// assembly, every type, field, method and property that code in one feature
/// (<c>Hoshi.Web.Features.X</c>) uses from another feature must be public (or protected on an
/// abstract base page it derives from), and no feature uses
/// another feature's page model. A feature keeps its store internals (helpers, caches, record
/// mapping) <c>internal</c> or <c>private</c>; another feature that needs them asks for a public
/// method or reads through the data layer.
/// </summary>
public sealed class FeatureBoundaryTests
{
    private const string Prefix = "Hoshi.Web.Features.";

    private static readonly Lazy<ModuleDefinition> Module = new(() =>
        ModuleDefinition.ReadModule(typeof(Hoshi.Web.Features.Assessments.AssessmentStore).Assembly.Location));

    /// <summary>The feature a type belongs to (<c>Assessments</c> for <c>Hoshi.Web.Features.Assessments.X</c> and anything nested in it), or null.</summary>
    private static string? FeatureOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace.StartsWith(Prefix, StringComparison.Ordinal) ? type.Namespace[Prefix.Length..].Split('.')[0] : null;
    }

    private static bool IsVisible(TypeDefinition type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConcretePageModel(TypeDefinition type)
    {
        if (type.IsAbstract)
        {
            return false;
        }

        for (var t = type.BaseType?.Resolve(); t is not null; t = t.BaseType?.Resolve())
        {
            if (t.FullName == typeof(PageModel).FullName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What a method body uses: (the type that declares it, the member if any, a name for the message).</summary>
    private static IEnumerable<(TypeDefinition Owner, IMemberDefinition? Member, string Name)> UsesOf(MethodDefinition method)
    {
        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case MethodReference called when called.Resolve() is { } target:
                    yield return (target.DeclaringType, target, target.DeclaringType.FullName + "::" + target.Name);
                    break;
                case FieldReference used when used.Resolve() is { } field:
                    yield return (field.DeclaringType, field, field.DeclaringType.FullName + "::" + field.Name);
                    break;
                case TypeReference named when named.Resolve() is { } type:
                    yield return (type, null, type.FullName);
                    break;
            }
        }
    }

    /// <summary>Every use of another feature's code, from inside a feature: (using feature, used feature, used name, allowed).</summary>
    private static List<(string From, string To, string Name, bool Allowed)> CrossFeatureUses()
    {
        var uses = new List<(string, string, string, bool)>();
        foreach (var type in Module.Value.GetTypes())
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            var signatures = type.Fields.Select(f => f.FieldType)
                .Concat(type.Methods.SelectMany(m => m.Parameters.Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.BaseType is null ? [] : [type.BaseType])
                .Select(t => t.GetElementType().Resolve())
                .OfType<TypeDefinition>()
                .Select(t => (Owner: t, Member: (IMemberDefinition?)null, Name: t.FullName));
            foreach (var (owner, member, name) in signatures.Concat(type.Methods.SelectMany(UsesOf)))
            {
                if (FeatureOf(owner) is not { } to || to == from)
                {
                    continue;
                }

                // Protected members of an abstract base page (OrganizationPage, AssessmentPage) are
                // the surface it offers to pages that derive from it.
                var memberVisible = member switch
                {
                    MethodDefinition m => m.IsPublic || (m.IsFamily && owner.IsAbstract),
                    FieldDefinition f => f.IsPublic,
                    _ => true,
                };
                uses.Add((from, to, name, IsVisible(owner) && memberVisible && !IsConcretePageModel(owner)));
            }
        }

        return uses;
    }

    [Fact]
    public void A_feature_uses_another_feature_only_through_its_public_surface()
    {
        var uses = CrossFeatureUses();

        // The scan sees real cross-feature calls (it has teeth): the review page loads the round
        // through the Assessments feature's store, and ★4 evaluations take the round's steps.
        Assert.Contains(uses, u => u.From == "Reviews" && u.To == "Assessments" && u.Name.EndsWith("AssessmentStore::LoadAsync", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.From == "Evaluations" && u.To == "Assessments" && u.Name.EndsWith("AssessmentSteps::FactsAsync", StringComparison.Ordinal));

        var violations = uses.Where(u => !u.Allowed).Select(u => $"{u.From} → {u.To}: {u.Name}").Distinct().Order().ToList();
        Assert.True(violations.Count == 0, "Features reaching into another feature's internals:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_features_keep_internals_the_rule_protects()
    {
        // Internal helpers exist (so the rule above guards something), and none of them is public by accident.
        var internals = Module.Value.GetTypes().Where(t => FeatureOf(t) is not null)
            .SelectMany(t => t.Methods.Where(m => m.IsAssembly && !m.IsCompilerControlled).Select(m => t.FullName + "::" + m.Name))
            .ToList();
        Assert.Contains("Hoshi.Web.Features.Suppliers.SupplierStore::Blank", internals);
        Assert.Contains("Hoshi.Web.Features.Registry.SuspensionProposalStore::Day", internals);
    }
}
