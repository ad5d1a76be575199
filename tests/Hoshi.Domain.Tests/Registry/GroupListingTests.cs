using Hoshi.Domain.Registry;

namespace Hoshi.Domain.Tests.Registry;

public sealed class GroupListingTests
{
    [Fact]
    public void A_group_company_is_pending_unless_a_confirmed_subsidiary_of_the_holder()
    {
        Assert.Equal(ListingConsent.Pending, GroupListing.AtRegistration(confirmedSubsidiaryOfHolder: false));
        Assert.Equal(ListingConsent.Confirmed, GroupListing.AtRegistration(confirmedSubsidiaryOfHolder: true));
    }

    [Fact]
    public void Only_a_pending_listing_is_answered_and_only_a_confirmed_one_is_public()
    {
        Assert.Equal(ListingConsent.Confirmed, GroupListing.Answer(ListingConsent.Pending, accept: true));
        Assert.Equal(ListingConsent.Declined, GroupListing.Answer(ListingConsent.Pending, accept: false));
        Assert.Null(GroupListing.Answer(ListingConsent.Confirmed, accept: false));
        Assert.Null(GroupListing.Answer(ListingConsent.Declined, accept: true));
        Assert.True(GroupListing.IsPublic(ListingConsent.Confirmed));
        Assert.False(GroupListing.IsPublic(ListingConsent.Pending));
        Assert.False(GroupListing.IsPublic(ListingConsent.Declined));
    }
}
