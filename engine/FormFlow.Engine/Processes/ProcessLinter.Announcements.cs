using System.Globalization;
using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>
/// The checks of an <c>announce</c> step: its rating is a field of its form, its labels name values the rating can
/// take, and its consent is a yes/no field the subject writes themselves — a consent anybody else ticks is none.
/// </summary>
internal static partial class ProcessLinter
{
    private static IEnumerable<LintFinding> AnnouncedFields(Source source)
    {
        foreach (var id in source.Graph.Order)
        {
            if (source.Graph[id] is not AnnounceStep announce)
            {
                continue;
            }

            var token = source.StepObject(id);
            if (source.Templates.GetValueOrDefault(announce.Rating.Form) is { } ratingTemplate)
            {
                if (ratingTemplate.Fields.Properties.GetValueOrDefault(announce.Rating.Field) is not { } rating)
                {
                    yield return Finding(
                        "process.announce-field-unknown",
                        token["rating"]!,
                        $"步骤「{id}」：表单「{announce.Rating.Form}」的模板没有字段「{announce.Rating.Field}」",
                        $"The step \"{id}\": the template of the form \"{announce.Rating.Form}\" has no field \"{announce.Rating.Field}\"");
                }
                else
                {
                    foreach (var label in ((token["labels"] as JObject)?.Properties() ?? []).Where(l => !CanTake(rating, l.Name)))
                    {
                        yield return Finding(
                            "process.announce-label-unknown",
                            label,
                            $"步骤「{id}」：「{label.Name}」不是字段「{announce.Rating}」的可能取值",
                            $"The step \"{id}\": \"{label.Name}\" is not a value the field \"{announce.Rating}\" can take");
                    }
                }
            }

            if (source.Templates.GetValueOrDefault(announce.Consent.Form) is not { } consentTemplate)
            {
                continue;
            }

            var consent = consentTemplate.Fields.Properties.GetValueOrDefault(announce.Consent.Field);
            if (consent is null || TypeOf(consent) != "boolean")
            {
                yield return Finding(
                    "process.consent-not-boolean",
                    token["consent"]!,
                    consent is null
                        ? $"步骤「{id}」：表单「{announce.Consent.Form}」的模板没有同意字段「{announce.Consent.Field}」"
                        : $"步骤「{id}」：同意字段「{announce.Consent}」须是是/否（boolean）字段",
                    consent is null
                        ? $"The step \"{id}\": the template of the form \"{announce.Consent.Form}\" has no consent field \"{announce.Consent.Field}\""
                        : $"The step \"{id}\": the consent field \"{announce.Consent}\" must be a yes/no (boolean) field");
                continue;
            }

            var sections = consentTemplate.Sections.Where(s => s.Fields.Contains(announce.Consent.Field, StringComparer.Ordinal)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            var bySubject = source.Graph.Order.Select(s => source.Graph[s]).SelectMany(StepTasks.AccessesOf)
                .Any(part => part.Spec.Form == announce.Consent.Form && part.Assignee?.Relation == Assignee.Subject && part.Access.Write.Any(sections.Contains));
            if (!bySubject)
            {
                yield return Finding(
                    "process.consent-not-by-subject",
                    token["consent"]!,
                    $"步骤「{id}」：没有任何步骤让员工本人填写同意字段「{announce.Consent}」；只有本人的同意才算同意",
                    $"The step \"{id}\": no step lets the employee write the consent field \"{announce.Consent}\" themselves; only their own consent counts");
            }
        }
    }

    private static string? TypeOf(FieldNode node) =>
        node.DeclaredAt is JProperty { Value: JObject schema } && schema["type"] is JValue { Value: string type } ? type : null;

    // A label's value is one of a choice's options, or a whole number within an integer's bounds; other fields take any.
    private static bool CanTake(FieldNode field, string value)
    {
        if (field.StringOptions.Count > 0)
        {
            return field.StringOptions.Contains(value);
        }

        if (TypeOf(field) != "integer" || field.DeclaredAt is not JProperty { Value: JObject schema })
        {
            return true;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && (schema["minimum"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } min || number >= (double)min)
            && (schema["maximum"] is not JValue { Type: JTokenType.Integer or JTokenType.Float } max || number <= (double)max);
    }
}
