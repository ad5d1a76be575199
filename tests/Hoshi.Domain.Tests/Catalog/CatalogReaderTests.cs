using System.Text.Json.Nodes;
using Hoshi.Domain.Catalog;

namespace Hoshi.Domain.Tests.Catalog;

public sealed class CatalogReaderTests
{
    private static IReadOnlyList<CatalogError> Errors(JsonNode json)
    {
        var (catalog, errors) = CatalogReader.Read(json.ToJsonString());
        Assert.Null(catalog);
        Assert.NotEmpty(errors);
        return errors;
    }

    private static void AssertRefused(JsonNode json, string path, string messagePart)
    {
        var errors = Errors(json);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(messagePart, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AcceptsTheSample_WithEverythingInIt()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample.json");

        Assert.Equal("sample-1", catalog.Id);
        Assert.Equal("1.0", catalog.Version);
        Assert.Equal(CatalogStatus.Published, catalog.Status);
        Assert.Equal(new DateOnly(2026, 1, 15), catalog.Published);
        Assert.Equal("Sample catalog", catalog.Title.For("en"));
        Assert.Equal([Level.Star3, Level.Star4], catalog.Levels.Select(l => l.Level));
        var choice = catalog.FindCriterion("1-1-1-1")!;
        Assert.Equal(AnswerType.Choice, choice.AnswerType);
        Assert.Equal(["written", "none"], choice.Choices.Select(c => c.Value));
        Assert.Equal("ひな形を使ってください。", choice.ImplementationGuidance!.JaText);
        Assert.Equal(AnswerType.FreeText, catalog.FindCriterion("1-1-1-2")!.AnswerType);
        Assert.Equal(new Mapping("ISO/IEC 27001:2022", "A.5.17"), catalog.FindCriterion("2-1-10-1")!.Mappings.Single());
        Assert.Equal("{\"title\":\"test\"}", catalog.SourceJson);
    }

    [Fact]
    public void Read_OrdersRequirementsAndCriteriaByNumber_NotByFileOrder()
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Valid().ToJsonString(), "sample.json");

        Assert.Equal(["1-1-1", "2-1-9", "2-1-10"], catalog.Requirements.Select(r => r.No));
        Assert.Equal(["2-1-10-1", "2-1-10-2"], catalog.FindRequirement("2-1-10")!.Criteria.Select(c => c.Id));
    }

    [Theory]
    [InlineData("scs-2026-03", 26, 81, 43, 153)]
    [InlineData("scs-2025-12-draft", 26, 83, 44, 157)]
    public void Read_AcceptsTheShippedCatalogs_WithTheirOfficialCounts(string id, int star3Requirements, int star3Criteria, int star4Requirements, int star4Criteria)
    {
        var catalog = CatalogReader.Parse(SampleCatalog.Shipped(id), id + ".json");

        Assert.Equal(id, catalog.Id);
        Assert.Equal(star3Requirements, catalog.CountRequirements(Level.Star3));
        Assert.Equal(star3Criteria, catalog.CountCriteria(Level.Star3));
        Assert.Equal(star4Requirements, catalog.CountRequirements(Level.Star4));
        Assert.Equal(star4Criteria, catalog.CountCriteria(Level.Star4));
    }

    [Fact]
    public void Read_Refuses_WhenNotJson()
    {
        var (catalog, errors) = CatalogReader.Read("{ \"format\": ");
        Assert.Null(catalog);
        Assert.Equal("$", errors.Single().Path);
        Assert.Contains("not valid JSON", errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Refuses_WhenRootIsNotAnObject() =>
        AssertRefused(new JsonArray(), "$", "must be a JSON object");

    [Fact]
    public void Read_Refuses_WhenFormatUnknown()
    {
        var json = SampleCatalog.Valid();
        json["format"] = "hoshi-catalog/9";
        AssertRefused(json, "$.format", "must be \"hoshi-catalog/1\"");
    }

    [Fact]
    public void Read_Refuses_WhenFormatMissing()
    {
        var json = SampleCatalog.Valid();
        json.Remove("format");
        AssertRefused(json, "$.format", "is required");
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("UPPER")]
    [InlineData("-leading-dash")]
    public void Read_Refuses_WhenIdIsNotAUrlSafeToken(string id)
    {
        var json = SampleCatalog.Valid();
        json["id"] = id;
        AssertRefused(json, "$.id", "lowercase letters");
    }

    [Fact]
    public void Read_Refuses_WhenStatusUnknown()
    {
        var json = SampleCatalog.Valid();
        json["status"] = "final";
        AssertRefused(json, "$.status", "must be one of draft, published, superseded");
    }

    [Fact]
    public void Read_Refuses_WhenPublishedIsNotADate()
    {
        var json = SampleCatalog.Valid();
        json["published"] = "27 March 2026";
        AssertRefused(json, "$.published", "YYYY-MM-DD");
    }

    [Fact]
    public void Read_Refuses_WhenTitleHasNoJapanese()
    {
        var json = SampleCatalog.Valid();
        json["title"] = new JsonObject { ["en"] = "English only" };
        AssertRefused(json, "$.title.ja", "Japanese text is required");
    }

    [Fact]
    public void Read_Refuses_WhenLevelUnknown()
    {
        var json = SampleCatalog.Valid();
        json["levels"]![1]!["level"] = 7;
        AssertRefused(json, "$.levels[1].level", "must be 3, 4 or 5");
    }

    [Fact]
    public void Read_Refuses_WhenLevelListedTwice()
    {
        var json = SampleCatalog.Valid();
        json["levels"]![1]!["level"] = 3;
        AssertRefused(json, "$.levels[1].level", "listed twice");
    }

    [Fact]
    public void Read_Refuses_WhenRequirementNumberDuplicated()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![2]!["no"] = "2-1-10";
        AssertRefused(json, "$.requirements[2].no", "requirement number \"2-1-10\" is used twice");
    }

    [Fact]
    public void Read_Refuses_WhenCriterionIdDuplicated_EvenAcrossRequirements()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![2]!["criteria"]![0]!["id"] = "2-1-10-1";
        AssertRefused(json, "$.requirements[2].criteria[0].id", "criterion id \"2-1-10-1\" is used twice");
    }

    [Fact]
    public void Read_Refuses_WhenSubcategoryUnknown()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![1]!["subcategory"] = "9-9";
        AssertRefused(json, "$.requirements[1].subcategory", "names subcategory \"9-9\"");
    }

    [Fact]
    public void Read_Refuses_WhenSubcategoryNumberDuplicated()
    {
        var json = SampleCatalog.Valid();
        json["categories"]![1]!["subcategories"]![0]!["no"] = "1-1";
        AssertRefused(json, "$.categories[1].subcategories[0].no", "used twice");
    }

    [Fact]
    public void Read_Refuses_WhenAnswerTypeUnknown_NamingThePath()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["criteria"]![1]!["answerType"] = "multiple";
        AssertRefused(json, "$.requirements[0].criteria[1].answerType", "must be one of yesno, choice, text");
    }

    [Fact]
    public void Read_Refuses_WhenChoiceCriterionHasNoChoices()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![1]!["criteria"]![0]!.AsObject().Remove("choices");
        AssertRefused(json, "$.requirements[1].criteria[0].choices", "is required for a choice criterion");
    }

    [Fact]
    public void Read_Refuses_WhenChoiceCriterionHasEmptyChoices()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![1]!["criteria"]![0]!["choices"] = new JsonArray();
        AssertRefused(json, "$.requirements[1].criteria[0].choices", "non-empty");
    }

    [Fact]
    public void Read_Refuses_WhenYesNoCriterionHasChoices()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["criteria"]![0]!["choices"] = JsonNode.Parse("""[{"value":"a","label":{"ja":"あ"}}]""");
        AssertRefused(json, "$.requirements[0].criteria[0].choices", "only for a choice criterion");
    }

    [Fact]
    public void Read_Refuses_WhenChoiceValueDuplicated()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![1]!["criteria"]![0]!["choices"]![1]!["value"] = "written";
        AssertRefused(json, "$.requirements[1].criteria[0].choices[1].value", "used twice");
    }

    [Fact]
    public void Read_Refuses_WhenCriterionLevelIsNotAmongTheFilesLevels()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![2]!["criteria"]![0]!["levels"] = new JsonArray(5);
        json["requirements"]![2]!["levels"] = new JsonArray(5);
        AssertRefused(json, "$.requirements[2].criteria[0].levels[0]", "level 5 is not among the file's levels (3, 4)");
    }

    [Fact]
    public void Read_Refuses_WhenRequirementLevelsDifferFromTheUnionOfItsCriteria()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["levels"] = new JsonArray(4);
        AssertRefused(json, "$.requirements[0].levels", "union of its criteria's levels ([3, 4])");
    }

    [Fact]
    public void Read_Refuses_WhenRequirementHasNoCriteria()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![2]!["criteria"] = new JsonArray();
        AssertRefused(json, "$.requirements[2].criteria", "at least one criterion");
    }

    [Fact]
    public void Read_Refuses_WhenCriterionTextHasNoJapanese()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["criteria"]![0]!["text"] = new JsonObject { ["ja"] = "  " };
        AssertRefused(json, "$.requirements[0].criteria[0].text.ja", "Japanese text is required");
    }

    [Fact]
    public void Read_Refuses_WhenLanguageKeyIsNotATag()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["text"]!["Japanese!"] = "x";
        AssertRefused(json, "$.requirements[0].text.Japanese!", "language tag");
    }

    [Fact]
    public void Read_Refuses_WhenCsfFunctionUnknown()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["csfFunction"] = "XX";
        AssertRefused(json, "$.requirements[0].csfFunction", "GV, ID, PR, DE, RS, RC");
    }

    [Fact]
    public void Read_Refuses_WhenMappingLacksItsReference()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["criteria"]![1]!["mappings"]![0]!.AsObject().Remove("ref");
        AssertRefused(json, "$.requirements[0].criteria[1].mappings[0].ref", "is required");
    }

    [Fact]
    public void Read_Refuses_WhenRequirementsIsNotAnArray()
    {
        var json = SampleCatalog.Valid();
        json["requirements"] = "none";
        AssertRefused(json, "$.requirements", "must be an array");
    }

    [Fact]
    public void Read_ReportsEveryBrokenRule_NotOnlyTheFirst()
    {
        var json = SampleCatalog.Valid();
        json["status"] = "final";
        json["requirements"]![1]!["subcategory"] = "9-9";
        json["requirements"]![0]!["criteria"]![0]!["answerType"] = "multiple";

        var errors = Errors(json);

        Assert.Equal(
            ["$.status", "$.requirements[0].criteria[0].answerType", "$.requirements[1].subcategory"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_NamesTheFile_InTheException()
    {
        var json = SampleCatalog.Valid();
        json["requirements"]![0]!["criteria"]![1]!["answerType"] = "multiple";

        var e = Assert.Throws<CatalogValidationException>(() => CatalogReader.Parse(json.ToJsonString(), "revised.json"));

        Assert.Equal("revised.json", e.FileName);
        Assert.Equal("revised.json: $.requirements[0].criteria[1].answerType: must be one of yesno, choice, text", e.Message);
    }
}
