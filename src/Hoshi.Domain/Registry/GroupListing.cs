namespace Hoshi.Domain.Registry;

/// <summary>Whether a group company named in a round's scope agreed to appear in the registry under its own 法人番号.</summary>
public enum ListingConsent
{
    /// <summary>Waiting for the group company: the entry lists it as pending; the public registry does not show it.</summary>
    Pending,

    /// <summary>Its administrator accepted, or a scheme-owner officer confirmed the parent relation: listed publicly.</summary>
    Confirmed,

    /// <summary>Its administrator declined: never listed under this entry.</summary>
    Declined,
}

/// <summary>
/// A group company in the scope is named in the public registry only after it consents: its
/// administrator in Hoshi accepts, or it is a subsidiary whose parent relation to the holder a
/// scheme-owner officer has confirmed (then consent is given at registration).
/// </summary>
public static class GroupListing
{
    /// <summary>The consent at registration: given when the company is the holder's subsidiary by a confirmed parent relation.</summary>
    public static ListingConsent AtRegistration(bool confirmedSubsidiaryOfHolder) =>
        confirmedSubsidiaryOfHolder ? ListingConsent.Confirmed : ListingConsent.Pending;

    /// <summary>The group company's administrator answers a pending listing; null when there is nothing to answer.</summary>
    public static ListingConsent? Answer(ListingConsent current, bool accept) =>
        current == ListingConsent.Pending ? accept ? ListingConsent.Confirmed : ListingConsent.Declined : null;

    /// <summary>Only a consented listing is public (search, lookup API, snapshot, log).</summary>
    public static bool IsPublic(ListingConsent consent) => consent == ListingConsent.Confirmed;
}
