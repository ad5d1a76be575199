namespace Hoshi.Web.Features.Assessments;

/// <summary>Marker for the self-assessment pages' texts (AssessmentsText.resx, .en.resx).</summary>
public sealed class AssessmentsText;
