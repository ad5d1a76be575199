using Hoshi.Domain.Guidance;

namespace Hoshi.Web.Features.Guidance;

/// <summary>A criterion's help as a page shows it: for applicants, or with the part for experts.</summary>
public sealed record HelpView(CriterionHelp? Help, bool ForExperts, string? EditLink = null);
