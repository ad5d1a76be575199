using System.Collections.Immutable;

namespace Hoshi.Domain.Catalog;

/// <summary>
/// Text in several languages, keyed by language tag. Japanese ("ja") is always present: it is
/// the scheme's language and the fallback for every other one.
/// </summary>
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    public const string Japanese = "ja";

    private readonly ImmutableSortedDictionary<string, string> _texts;

    public LocalizedText(IEnumerable<KeyValuePair<string, string>> texts)
    {
        _texts = texts.ToImmutableSortedDictionary(StringComparer.Ordinal);
        if (!_texts.TryGetValue(Japanese, out var ja) || string.IsNullOrWhiteSpace(ja))
        {
            throw new ArgumentException("Japanese text (\"ja\") is required.", nameof(texts));
        }
    }

    public static LocalizedText Ja(string text) => new([new(Japanese, text)]);

    public string JaText => _texts[Japanese];

    public IReadOnlyDictionary<string, string> All => _texts;

    public bool Has(string language) => _texts.ContainsKey(language);

    /// <summary>The text in <paramref name="language"/>, or the Japanese text when there is none.</summary>
    public string For(string language) =>
        _texts.TryGetValue(language, out var text) ? text : _texts[Japanese];

    public bool Equals(LocalizedText? other) =>
        other is not null && _texts.Count == other._texts.Count &&
        _texts.All(kv => other._texts.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode() => HashCode.Combine(_texts.Count, JaText);

    public override string ToString() => JaText;
}
