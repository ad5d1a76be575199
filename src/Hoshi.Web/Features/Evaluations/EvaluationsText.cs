namespace Hoshi.Web.Features.Evaluations;

/// <summary>Marker for the ★4 evaluation pages' texts (EvaluationsText.resx, .en.resx).</summary>
public sealed class EvaluationsText;
