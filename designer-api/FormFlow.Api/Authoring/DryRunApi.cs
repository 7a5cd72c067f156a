using System.Text.Json.Nodes;
using FormFlow.Api.Contracts;
using FormFlow.Api.Cycles;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.DryRuns;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Authoring;

/// <summary>
/// What a dry run takes: a published process (<c>processKey</c>, with <c>version</c> or its newest) or a draft
/// <c>definition</c> (a process document, as the designer holds it), the population as a launch names it, the start,
/// the cycle's end (optional: for deadlines counted back from it) and the horizon (an ISO 8601 duration, default P1Y).
/// </summary>
internal sealed record DryRunProcessRequest(
    PopulationRequest Population,
    DateTimeOffset StartsAt,
    string? ProcessKey = null,
    int? Version = null,
    JsonObject? Definition = null,
    DateTimeOffset? EndsAt = null,
    string? Horizon = null);

/// <summary>
/// One thing that would happen, at simulated time <c>at</c>: <c>kind</c> task-opened, reminder, escalation (if the task
/// were still open then), task-completed, decision, message, process-started, completed or horizon; the step, to whom,
/// who is copied, the task's due time, the escalation's action or the branch a decision takes, and the sentence.
/// </summary>
internal sealed record DryRunEventResponse(string Kind, DateTimeOffset At, string Process, Named? Step, PersonRef? To, IReadOnlyList<PersonRef> Copies, DateTimeOffset? DueAt, string? Action, string Text);

/// <summary>Where the process would be stuck for the person (<c>code</c> no-assignee, unassignable, blocked, loop, waits-forever), with a message naming people.</summary>
internal sealed record DryRunStuckResponse(string Code, DateTimeOffset At, string Process, Named? Step, string? Wanted, PersonRef? Instead, string Message);

/// <summary>One person's dry run: <c>outcome</c> completed, open-at-horizon or stuck; the events in time order; the stuck points.</summary>
internal sealed record DryRunPersonResponse(PersonRef Person, string Outcome, IReadOnlyList<DryRunEventResponse> Events, IReadOnlyList<DryRunStuckResponse> Stuck);

/// <summary>What a dry run found, per person, and the assumptions it makes (texts in the caller's language). Nothing was written.</summary>
internal sealed record DryRunResponse(
    Named Process,
    int? Version,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset Until,
    IReadOnlyList<DryRunPersonResponse> People,
    IReadOnlyList<NotStartedResponse> Unknown,
    IReadOnlyList<string> Assumptions);

/// <summary>
/// <c>POST /api/processes/dry-run</c>: runs a published process or a draft for a population on simulated time and
/// writes nothing (docs/api-authoring.md). Whoever may launch a cycle for that population may dry-run it.
/// </summary>
internal static class DryRunApi
{
    public static IEndpointRouteBuilder MapDryRunApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/processes/dry-run", RunAsync)
            .RequireAuthorization()
            .WithTags("Authoring")
            .WithName("DryRunProcess")
            .WithSummary("Run a process or a draft for a population on simulated time, writing nothing: each person's tasks, reminders, escalations and stuck points / 流程试运行")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<Ok<DryRunResponse>, ProblemHttpResult>> RunAsync(
        DryRunProcessRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        CancellationToken cancellationToken)
    {
        var population = request.Population is null ? null : CyclesApi.PopulationOf(request.Population);
        var draft = request.Definition?.ToJsonString();
        // A draft's rights are decided over the owner it names; its key only names it in a refusal.
        var key = request.ProcessKey ?? (request.Definition?["key"] is JsonValue value && value.TryGetValue<string>(out var named) ? named : null);
        if (await CyclesApi.RefuseLaunchAsync(context, current, database, key, draft, population, cancellationToken) is { } refused)
        {
            return refused;
        }

        var outcome = await ProcessDryRun.RunAsync(database, new DryRunRequest
        {
            ProcessKey = request.ProcessKey,
            Version = request.Version,
            Definition = draft,
            Population = population,
            StartsAt = request.StartsAt,
            EndsAt = request.EndsAt,
            Horizon = request.Horizon,
            Actor = current.Id,
        }, cancellationToken);
        switch (outcome.Status)
        {
            case DryRunStatus.NotFound:
                var missing = outcome.Problems[0];
                return ApiProblems.Problem(context, StatusCodes.Status404NotFound, missing.Code, missing.Message);
            case DryRunStatus.Invalid:
                return ApiProblems.Invalid(context, outcome.Problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message)));
            case DryRunStatus.DefinitionHasErrors:
                return AuthoringApi.Unpublishable(context, new LocalizedText("流程定义有错误，无法试运行：请按 findings 修改。", "The process definition has errors and cannot be dry-run: correct it as findings says."), outcome.Findings);
        }

        var report = outcome.Report!;
        string Say(LocalizedText text) => ProblemLanguage.Say(context, text);
        return TypedResults.Ok(new DryRunResponse(
            new Named(report.ProcessKey, Texts.From(report.ProcessTitle)),
            report.Version,
            report.StartsAt,
            report.EndsAt,
            report.Until,
            [.. report.People.Select(person => new DryRunPersonResponse(
                PersonRef.From(person.Person),
                person.Outcome,
                [.. person.Events.Select(e => new DryRunEventResponse(
                    e.Kind, e.At, e.Process, e.Step is { } step ? new Named(step, Texts.From(e.StepTitle!)) : null, e.To is { } to ? PersonRef.From(to) : null,
                    [.. e.Copies.Select(PersonRef.From)], e.DueAt, e.Action, Say(e.Text)))],
                [.. person.Stuck.Select(s => new DryRunStuckResponse(
                    s.Code, s.At, s.Process, s.Step is { } step ? new Named(step, Texts.From(s.StepTitle!)) : null, s.Wanted, s.Instead is { } instead ? PersonRef.From(instead) : null, Say(s.Message)))]))],
            [.. report.Unknown.Select(n => new NotStartedResponse(n.PersonId, n.Code, Say(n.Reason)))],
            [.. report.Assumptions.Select(Say)]));
    }
}
