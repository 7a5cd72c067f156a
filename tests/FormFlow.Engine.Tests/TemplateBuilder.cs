using System.Text.Json.Nodes;

namespace FormFlow.Tests;

/// <summary>
/// Builds template documents for tests: a small valid template (a rating, a comment, improvement
/// actions, a computed count and a rule) that each test bends in the one way it is about.
/// </summary>
internal sealed class TemplateBuilder
{
    private readonly JsonObject document = (JsonObject)JsonNode.Parse("""
        {
          "formflow": "template/1",
          "key": "mini-review",
          "title": { "zh-CN": "小型评估", "en": "Mini review" },
          "schema": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "additionalProperties": false,
            "required": ["rating"],
            "properties": {
              "rating": { "type": "integer", "minimum": 1, "maximum": 5 },
              "comment": { "type": "string", "maxLength": 200 },
              "actions": {
                "type": "array",
                "maxItems": 3,
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["what", "due"],
                  "properties": {
                    "what": { "type": "string", "minLength": 1 },
                    "due": { "type": "string", "format": "date" }
                  }
                }
              },
              "action_count": { "type": "integer" }
            }
          },
          "uiSchema": { "ui:order": ["rating", "comment", "actions", "*"], "comment": { "ui:widget": "textarea" } },
          "fields": {
            "rating": { "label": { "zh-CN": "评分", "en": "Rating" } },
            "comment": { "label": { "zh-CN": "评语", "en": "Comment" } },
            "actions": { "label": { "zh-CN": "改进行动", "en": "Improvement actions" } },
            "actions[].what": { "label": { "zh-CN": "行动", "en": "Action" } },
            "actions[].due": { "label": { "zh-CN": "完成日期", "en": "Due date" } },
            "action_count": { "label": { "zh-CN": "行动数", "en": "Number of actions" } }
          },
          "sections": [
            { "key": "rating", "title": { "zh-CN": "评分", "en": "Rating" }, "fields": ["rating", "comment"] },
            { "key": "plan", "title": { "zh-CN": "计划", "en": "Plan" }, "fields": ["actions", "action_count"] }
          ],
          "computed": [
            { "field": "action_count", "expression": "(form.actions ?? []) | array.size" }
          ],
          "rules": [
            {
              "key": "action-when-low-rating",
              "when": "form.rating <= 2",
              "assert": "form.action_count >= 1",
              "field": "actions",
              "message": { "zh-CN": "评分为 2 分及以下时至少填写一项改进行动", "en": "Add at least one improvement action when the rating is 2 or lower" }
            }
          ]
        }
        """)!;

    /// <summary>Sets the value at a slash-separated path (<c>schema/properties/rating/maximum</c>), creating objects on the way.</summary>
    public TemplateBuilder With(string path, JsonNode? value)
    {
        JsonEdits.Set(document, path, value);
        return this;
    }

    public TemplateBuilder Without(string path)
    {
        JsonEdits.Remove(document, path);
        return this;
    }

    public string Build() => document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public override string ToString() => Build();
}
