namespace Hoshi.Web.Features.Lifecycle;

/// <summary>Texts of notifications, their mails, the notification list and the operator's view (LifecycleText.resx, .en.resx).</summary>
public sealed class LifecycleText;
