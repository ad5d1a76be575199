using System.Collections;
using System.Globalization;
using System.Resources;
using Hoshi.Web.Features.Catalog;
using Hoshi.Web.Shared;

namespace Hoshi.Web.Tests.Shared;

/// <summary>Every UI text exists in Japanese (the neutral resources) and in English.</summary>
public sealed class ResourceTests
{
    public static TheoryData<Type> ResourceTypes => new() { typeof(SharedText), typeof(CatalogText), typeof(Hoshi.Web.Features.Accounts.AccountsText) };

    [Theory]
    [MemberData(nameof(ResourceTypes))]
    public void EveryJapaneseText_HasAnEnglishText(Type type)
    {
        var manager = new ResourceManager(type.FullName!, type.Assembly);
        var japanese = Texts(manager, CultureInfo.InvariantCulture);
        var english = Texts(manager, new CultureInfo("en"));

        Assert.NotEmpty(japanese);
        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.All(japanese.Concat(english), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture)
    {
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
