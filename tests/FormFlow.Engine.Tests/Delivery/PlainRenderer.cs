using System.Text.Json.Nodes;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Storage;

namespace FormFlow.Tests.Delivery;

/// <summary>A stand-in for the template renderer: the subject is the event and step, the body lists the payload.</summary>
internal static class PlainRenderer
{
    public static async Task<RenderedNotice> RenderAsync(UnitOfWork work, OutboxMessage message, string recipientId)
    {
        var person = await OrganisationStore.FindPersonAsync(work, recipientId) ?? throw new InvalidOperationException($"no person {recipientId}");
        var payload = JsonNode.Parse(message.Payload)!.AsObject();
        var body = string.Join("\n", payload.Where(p => p.Value is not null).Select(p => $"{p.Key}: {p.Value!.ToJsonString()}"));
        return new RenderedNotice(person.Id, person.Email, $"{payload["event"]} {payload["step"]}", body, person.Locale);
    }
}
