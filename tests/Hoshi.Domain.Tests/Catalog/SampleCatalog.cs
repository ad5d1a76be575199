using System.Text.Json.Nodes;

namespace Hoshi.Domain.Tests.Catalog;

/// <summary>A small valid catalog to break one rule at a time, and the shipped files.</summary>
internal static class SampleCatalog
{
    public static JsonObject Valid() => JsonNode.Parse("""
        {
          "format": "hoshi-catalog/1",
          "id": "sample-1",
          "version": "1.0",
          "status": "published",
          "published": "2026-01-15",
          "title": { "ja": "サンプルカタログ", "en": "Sample catalog" },
          "source": { "title": "test" },
          "levels": [ { "level": 3, "name": { "ja": "★3" } }, { "level": 4, "name": { "ja": "★4" } } ],
          "categories": [
            { "no": "1", "name": { "ja": "ガバナンスの整備" },
              "subcategories": [ { "no": "1-1", "name": { "ja": "組織の状況" } }, { "no": "1-2", "name": { "ja": "役割" } } ] },
            { "no": "2", "name": { "ja": "防御" },
              "subcategories": [ { "no": "2-1", "name": { "ja": "認証" } } ] }
          ],
          "requirements": [
            { "no": "2-1-10", "subcategory": "2-1", "title": { "ja": "パスワード" }, "text": { "ja": "パスワードを適切に管理すること。", "en": "Manage passwords properly." },
              "levels": [3, 4],
              "criteria": [
                { "id": "2-1-10-2", "text": { "ja": "・管理者のパスワードを変更すること。" }, "levels": [4], "answerType": "yesno" },
                { "id": "2-1-10-1", "text": { "ja": "・初期パスワードを変更すること。", "en": "Change default passwords." }, "levels": [3, 4], "answerType": "yesno",
                  "mappings": [ { "framework": "ISO/IEC 27001:2022", "ref": "A.5.17" } ] }
              ] },
            { "no": "1-1-1", "subcategory": "1-1", "text": { "ja": "社内ルールを定めること。" }, "levels": [3],
              "criteria": [
                { "id": "1-1-1-1", "text": { "ja": "・社内ルールの形式を選ぶこと。" }, "levels": [3], "answerType": "choice",
                  "choices": [ { "value": "written", "label": { "ja": "文書" } }, { "value": "none", "label": { "ja": "なし" } } ],
                  "implementationGuidance": { "ja": "ひな形を使ってください。" } },
                { "id": "1-1-1-2", "text": { "ja": "・ルールの概要を記述すること。" }, "levels": [3], "answerType": "text" }
              ] },
            { "no": "2-1-9", "subcategory": "2-1", "text": { "ja": "多要素認証を使うこと。" }, "levels": [4],
              "criteria": [ { "id": "2-1-9-1", "text": { "ja": "・多要素認証を導入すること。" }, "levels": [4], "answerType": "yesno" } ] }
          ]
        }
        """)!.AsObject();

    public static string Shipped(string id) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogs", id + ".json"));
}
