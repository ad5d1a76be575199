namespace Hoshi.Web.Features.Accounts;

/// <summary>Marker for the account pages' UI text (AccountsText.resx: Japanese; AccountsText.en.resx: English).</summary>
public sealed class AccountsText;
