using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Calibrations;

/// <summary>
/// Calibration of ratings across a department (docs/calibration.md): a session per cycle and department lists the
/// cycle's people of the department and below with their proposed rating — the field the template marks as the
/// <see cref="FieldRoles.Rating"/> — against a guideline; its readers adjust ratings with a reason, every change
/// journaled; closing writes the final ratings into the forms. Who may: the heads and HRBPs of the department or of one
/// above it (<see cref="DepartmentScope"/>) and administrators read and work in a session; only an HRBP or an
/// administrator opens one. To anyone else a session does not exist. While a session is open its people do not read
/// their rating (<see cref="Visibility"/>).
/// </summary>
public sealed class CalibrationDesk(Database database, TimeProvider clock)
{
    /// <summary>The longest reason an adjustment takes.</summary>
    public const int MaxReason = 500;

    /// <summary>
    /// Opens the session of <paramref name="departmentId"/> in <paramref name="cycleId"/> for <paramref name="personId"/>
    /// with <paramref name="bands"/> (null: <see cref="Guideline.Default"/>).
    /// </summary>
    public async Task<CalibrationOutcome> OpenAsync(string cycleId, string departmentId, IReadOnlyList<GuidelineBand>? bands, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var (departments, admin) = await ScopeAsync(work, personId);
        if (await CycleStore.FindAsync(work, cycleId) is not { } cycle)
        {
            return NotFound;
        }

        if (!departments.ContainsKey(departmentId ?? string.Empty))
        {
            return Invalid("/departmentId", "calibration.unknown-department", $"没有部门「{departmentId}」", $"There is no department \"{departmentId}\"");
        }

        if (!admin && !DepartmentScope.Within(departments, departmentId, d => d.HrbpId == personId))
        {
            return MayWork(departments, departmentId!, personId, admin)
                ? CalibrationOutcome.Of(CalibrationOutcomeStatus.Forbidden, "calibration.forbidden", new LocalizedText("只有该部门（或上级部门）的 HRBP 和管理员可以发起校准。", "Only an HRBP of the department (or of one above it) or an administrator may open a calibration."))
                : NotFound;
        }

        if (await RatingFieldAsync(work, cycle) is not { } rating)
        {
            return Invalid("/cycleId", "calibration.no-rating", "这个周期的流程没有标记为评分（rating）的字段，无法校准", "The cycle's process has no field marked as the rating: there is nothing to calibrate");
        }

        var guideline = bands ?? Guideline.Default;
        if (Guideline.Check(guideline, rating.Values) is { Count: > 0 } problems)
        {
            return new CalibrationOutcome(CalibrationOutcomeStatus.Invalid, problems);
        }

        var members = (await work.Connection.QueryAsync<(string PersonId, string InstanceId, string? DepartmentId)>(
                """
                SELECT m.person_id, m.instance_id, p.department_id FROM cycle_members m JOIN process_instances i ON i.id = m.instance_id
                LEFT JOIN people p ON p.id = m.person_id
                WHERE m.cycle_id = @Cycle AND i.status <> 'cancelled'
                """,
                new { Cycle = cycleId },
                work.Transaction))
            .Where(m => DepartmentScope.Within(departments, m.DepartmentId, d => d.Id == departmentId))
            .Select(m => (m.PersonId, m.InstanceId))
            .ToList();
        var taken = (await CalibrationStore.TakenAsync(work, cycleId)).ToHashSet(StringComparer.Ordinal);
        if ((await CalibrationStore.OfCycleAsync(work, cycleId)).Any(c => c.DepartmentId == departmentId) || members.Any(m => taken.Contains(m.InstanceId)))
        {
            return CalibrationOutcome.Of(CalibrationOutcomeStatus.Conflict, "calibration.taken", new LocalizedText(
                "这个部门的人员已在本周期的另一个校准中（每人每个周期只校准一次）。", "People of this department are already in another calibration of this cycle (each person is calibrated once a cycle)."));
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = Run.NewId(clock.GetUtcNow());
        await CalibrationStore.InsertAsync(work, new CalibrationRow
        {
            Id = id, CycleId = cycleId, DepartmentId = departmentId!, Guideline = Guideline.Serialize(guideline), OpenedBy = personId, OpenedAt = now, Version = 1,
        });
        foreach (var (person, instance) in members)
        {
            await CalibrationStore.InsertRatingAsync(work, new CalibrationRatingRow { CalibrationId = id, PersonId = person, InstanceId = instance, Version = 1 });
        }

        await AuditLog.AppendAsync(work, new AuditEntry(now, personId, "calibration.opened", "calibration", id, null, new JsonObject
        {
            ["cycle"] = cycleId, ["department"] = departmentId, ["people"] = members.Count, ["guideline"] = JsonNode.Parse(Guideline.Serialize(guideline)),
        }.ToJsonString()));
        await work.CommitAsync(cancellationToken);
        return CalibrationOutcome.Done(id, 1);
    }

    /// <summary>
    /// The sessions of <paramref name="cycleId"/> that <paramref name="personId"/> may read; null when there is no such
    /// cycle, or when they read none and lead none of the cycle's people.
    /// </summary>
    public async Task<IReadOnlyList<CalibrationSummary>?> ListAsync(string cycleId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await CycleStore.FindAsync(work, cycleId) is null)
        {
            return null;
        }

        var (departments, admin) = await ScopeAsync(work, personId);
        var list = await ReadableAsync(work, await CalibrationStore.OfCycleAsync(work, cycleId), departments, personId, admin);
        if (list.Count > 0 || admin)
        {
            return list;
        }

        // Someone who leads none of the cycle's people learns nothing, not even that the cycle exists.
        var places = await work.Connection.QueryAsync<string?>(
            "SELECT DISTINCT p.department_id FROM cycle_members m JOIN people p ON p.id = m.person_id WHERE m.cycle_id = @Cycle",
            new { Cycle = cycleId },
            work.Transaction);
        return places.Any(place => MayWork(departments, place ?? string.Empty, personId, admin)) ? list : null;
    }

    /// <summary>Every session <paramref name="personId"/> may read, of every cycle, the newest first.</summary>
    public async Task<IReadOnlyList<CalibrationSummary>> AllAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var (departments, admin) = await ScopeAsync(work, personId);
        var list = await ReadableAsync(work, await CalibrationStore.AllAsync(work), departments, personId, admin);
        list.Reverse();
        return list;
    }

    private static async Task<List<CalibrationSummary>> ReadableAsync(UnitOfWork work, IEnumerable<CalibrationRow> rows, IReadOnlyDictionary<string, Department> departments, string personId, bool admin)
    {
        var names = new Names(work);
        var cycles = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = new List<CalibrationSummary>();
        foreach (var row in rows.Where(r => MayWork(departments, r.DepartmentId, personId, admin)))
        {
            if (!cycles.TryGetValue(row.CycleId, out var cycleName))
            {
                cycles[row.CycleId] = cycleName = (await CycleStore.FindAsync(work, row.CycleId))?.Name ?? row.CycleId;
            }

            list.Add(await SummaryAsync(row, cycleName, departments, names));
        }

        return list;
    }

    /// <summary>The session as <paramref name="personId"/> reads it; null when there is none or they may not read it.</summary>
    public async Task<CalibrationView?> ReadAsync(string cycleId, string calibrationId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var (departments, admin) = await ScopeAsync(work, personId);
        if (await CalibrationStore.FindAsync(work, calibrationId) is not { } row || row.CycleId != cycleId || !MayWork(departments, row.DepartmentId, personId, admin)
            || await CycleStore.FindAsync(work, row.CycleId) is not { } cycle || await RatingFieldAsync(work, cycle) is not { } rating)
        {
            return null;
        }

        // Every person's instance, row, names and evidence read for all of them at once, not a dozen statements a person:
        // a session of a thousand people read one at a time took 2.4 s on PostgreSQL (docs/performance.md, "Calibration,
        // process rights and lint").
        var now = clock.GetUtcNow();
        var names = new Names(work);
        var entries = await CalibrationStore.RatingsAsync(work, calibrationId);
        var instances = (await InstanceStore.FindManyAsync(work, [.. entries.Select(e => e.InstanceId)])).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var people = (await OrganisationStore.PeopleOfAsync(work, [.. entries.Select(e => e.PersonId)])).ToDictionary(p => p.Id, StringComparer.Ordinal);
        await names.KnowAsync(entries.Select(e => e.PersonId)
            .Concat(people.Values.Select(p => p.ManagerId).OfType<string>())
            .Concat(entries.Select(e => e.AdjustedBy).OfType<string>()));
        var evidence = await EvidenceAsync(work, [.. entries.Select(e => instances.GetValueOrDefault(e.InstanceId)).OfType<InstanceRow>()], personId, rating, names, now);
        var persons = new List<CalibratedPerson>();
        foreach (var entry in entries)
        {
            if (!instances.TryGetValue(entry.InstanceId, out var instance))
            {
                continue;
            }

            // Once closed the form holds the final rating: the proposal is the one kept at the close.
            var proposed = row.Status == CalibrationStatus.Closed ? entry.ProposedRating : Proposed(instance, rating);
            persons.Add(new CalibratedPerson(
                await names.OfAsync(entry.PersonId),
                people.GetValueOrDefault(entry.PersonId)?.ManagerId is { } managerId ? await names.OfAsync(managerId) : null,
                entry.InstanceId,
                proposed,
                entry.FinalRating ?? proposed,
                entry.FinalRating is not null,
                entry.Reason,
                entry.AdjustedBy is { } by ? await names.OfAsync(by) : null,
                TaskDesk.At(entry.AdjustedAt),
                entry.Version,
                evidence.GetValueOrDefault(instance.Id) ?? []));
        }

        persons.Sort((a, b) => string.CompareOrdinal(a.Person.Id, b.Person.Id));
        var guideline = Guideline.Parse(row.Guideline);
        var rated = persons.Count(p => p.Final is not null);
        var proposedRated = persons.Count(p => p.Proposed is not null);
        static int Percent(int count, int of) => of == 0 ? 0 : (int)Math.Round(100.0 * count / of, MidpointRounding.AwayFromZero);
        var bands = guideline.Select(band =>
        {
            var proposedCount = persons.Count(p => p.Proposed is { } r && band.Ratings.Contains(r));
            var finalCount = persons.Count(p => p.Final is { } r && band.Ratings.Contains(r));
            return new CalibrationBand(
                band.Label, band.Ratings, band.Percent, (int)Math.Round(band.Percent * rated / 100.0, MidpointRounding.AwayFromZero),
                proposedCount, Percent(proposedCount, proposedRated), finalCount, Percent(finalCount, rated));
        }).ToList();
        return new CalibrationView(await SummaryAsync(row, cycle.Name, departments, names), rating.Values, bands, persons.Count, rated, persons.Count - rated, persons);
    }

    /// <summary>
    /// Sets <paramref name="subjectId"/>'s final rating to <paramref name="rating"/> for <paramref name="reason"/>, at the
    /// row's <paramref name="expectedVersion"/> when given; journaled in the audit log and in the instance's journal.
    /// </summary>
    public async Task<CalibrationOutcome> AdjustAsync(string cycleId, string calibrationId, string subjectId, int? rating, string? reason, string personId, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var (departments, admin) = await ScopeAsync(work, personId);
        if (await CalibrationStore.FindAsync(work, calibrationId) is not { } row || row.CycleId != cycleId || !MayWork(departments, row.DepartmentId, personId, admin)
            || await CycleStore.FindAsync(work, row.CycleId) is not { } cycle || await RatingFieldAsync(work, cycle) is not { } field
            || (await CalibrationStore.RatingsAsync(work, calibrationId)).FirstOrDefault(r => r.PersonId == subjectId) is not { } entry
            || await InstanceStore.FindAsync(work, entry.InstanceId) is not { } instance)
        {
            return NotFound;
        }

        var problems = new List<ValidationProblem>();
        if (rating is not { } value || !field.Values.Contains(value))
        {
            problems.Add(new ValidationProblem("/rating", "calibration.rating", new LocalizedText($"评分必须是 {string.Join("、", field.Values)} 之一", $"The rating must be one of {string.Join(", ", field.Values)}")));
        }

        var why = reason?.Trim() ?? string.Empty;
        if (why.Length == 0)
        {
            problems.Add(new ValidationProblem("/reason", "calibration.reason-required", new LocalizedText("请填写调整理由", "Give the reason for the change")));
        }
        else if (why.Length > MaxReason)
        {
            problems.Add(new ValidationProblem("/reason", "calibration.reason-too-long", new LocalizedText($"调整理由最多 {MaxReason} 个字", $"The reason takes at most {MaxReason} characters")));
        }

        if (problems.Count > 0)
        {
            return new CalibrationOutcome(CalibrationOutcomeStatus.Invalid, problems);
        }

        if (row.Status != CalibrationStatus.Open)
        {
            return Closed;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var version = expectedVersion ?? entry.Version;
        if (version != entry.Version || !await CalibrationStore.AdjustAsync(work, calibrationId, subjectId, rating!.Value, why, personId, now, version))
        {
            return Stale;
        }

        var previous = entry.FinalRating ?? Proposed(instance, field);
        var detail = new JsonObject
        {
            ["calibration"] = calibrationId, ["form"] = field.Form, ["field"] = field.Field, ["previous"] = previous, ["rating"] = rating, ["reason"] = why,
        };
        await AuditLog.AppendAsync(work, new AuditEntry(now, personId, CalibratedAction, "calibration", calibrationId, null, new JsonObject { ["person"] = subjectId, ["instance"] = instance.Id, ["previous"] = previous, ["rating"] = rating, ["reason"] = why }.ToJsonString()));
        await AuditLog.AppendAsync(work, new AuditEntry(now, personId, CalibratedAction, "instance", instance.Id, null, detail.ToJsonString()));
        await work.CommitAsync(cancellationToken);
        return CalibrationOutcome.Done(calibrationId, version + 1);
    }

    /// <summary>
    /// Closes the session at its <paramref name="expectedVersion"/> when given: every final rating that differs from the
    /// form's is written into the form (a new revision of the task that wrote it), and the people read their rating again.
    /// </summary>
    public async Task<CalibrationOutcome> CloseAsync(string cycleId, string calibrationId, string personId, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var (departments, admin) = await ScopeAsync(work, personId);
        if (await CalibrationStore.FindAsync(work, calibrationId) is not { } row || row.CycleId != cycleId || !MayWork(departments, row.DepartmentId, personId, admin)
            || await CycleStore.FindAsync(work, row.CycleId) is not { } cycle || await RatingFieldAsync(work, cycle) is not { } field)
        {
            return NotFound;
        }

        if (row.Status != CalibrationStatus.Open)
        {
            return Closed;
        }

        var now = clock.GetUtcNow();
        var version = expectedVersion ?? row.Version;
        if (version != row.Version || !await CalibrationStore.CloseAsync(work, calibrationId, personId, now.ToUnixTimeMilliseconds(), version))
        {
            return Stale;
        }

        var released = 0;
        foreach (var entry in await CalibrationStore.RatingsAsync(work, calibrationId))
        {
            if (await InstanceStore.FindAsync(work, entry.InstanceId) is not { } instance)
            {
                continue;
            }

            await CalibrationStore.KeepProposedAsync(work, calibrationId, entry.PersonId, Proposed(instance, field));
            if (entry.FinalRating is not { } final || Proposed(instance, field) == final)
            {
                continue;
            }

            var run = await Run.OpenAsync(work, instance, now, personId);
            var form = run.State.Forms.TryGetValue(field.Form, out var document) ? document : run.State.Forms[field.Form] = [];
            form[field.Field] = final;
            var writer = run.Tasks
                .Where(t => t.Status is TaskStatuses.Submitted or TaskStatuses.Approved && t.CompletedAt is not null && StepTasks.SpecOf(run.Process.Steps[t.Step])?.Form == field.Form)
                .OrderBy(t => t.CompletedAt)
                .LastOrDefault();
            if (writer is not null)
            {
                run.Changes.Revision(writer.Id, form.ToJsonString(), personId, run.NowMs);
            }

            run.Changes.Add(new AuditEntry(run.NowMs, personId, ReleasedAction, "instance", instance.Id, null, new JsonObject { ["calibration"] = calibrationId, ["form"] = field.Form, ["field"] = field.Field, ["previous"] = Proposed(instance, field), ["rating"] = final }.ToJsonString()));
            try
            {
                await run.Changes.WriteAsync(work, run.Finished());
            }
            catch (ConcurrencyConflictException)
            {
                return Stale;
            }

            released++;
        }

        await AuditLog.AppendAsync(work, new AuditEntry(now.ToUnixTimeMilliseconds(), personId, "calibration.closed", "calibration", calibrationId, null, new JsonObject { ["released"] = released }.ToJsonString()));
        await work.CommitAsync(cancellationToken);
        return CalibrationOutcome.Done(calibrationId, version + 1);
    }

    /// <summary>The action that journals an adjustment, in the audit log and in the instance's journal.</summary>
    public const string CalibratedAction = "rating.calibrated";

    /// <summary>The action that journals a final rating written into the form when the session closed.</summary>
    public const string ReleasedAction = "rating.released";

    private static readonly CalibrationOutcome NotFound = CalibrationOutcome.Of(CalibrationOutcomeStatus.NotFound, "calibration.not-found", new LocalizedText("没有这个校准，或您无权查看。", "There is no such calibration, or you may not see it."));

    private static readonly CalibrationOutcome Closed = CalibrationOutcome.Of(CalibrationOutcomeStatus.Conflict, "calibration.closed", new LocalizedText("这个校准已经结束，不能再修改。", "This calibration is closed and can no longer change."));

    private static readonly CalibrationOutcome Stale = CalibrationOutcome.Of(CalibrationOutcomeStatus.Conflict, "calibration.conflict", new LocalizedText("校准已被他人修改（If-Match 中的版本已过时）：请重新读取后再试。", "The calibration has changed since you read it (the version in If-Match is stale): read it again and retry."));

    private static CalibrationOutcome Invalid(string pointer, string code, string zh, string en) =>
        new(CalibrationOutcomeStatus.Invalid, [new ValidationProblem(pointer, code, new LocalizedText(zh, en))]);

    // Who works in a session: the heads and HRBPs of its department or of one above it, and administrators — the
    // organisation's one rule of who leads which departments (DepartmentScope), as cycles and authoring ask it.
    private static bool MayWork(IReadOnlyDictionary<string, Department> departments, string departmentId, string personId, bool admin) =>
        admin || DepartmentScope.Within(departments, departmentId, d => d.HeadId == personId || d.HrbpId == personId);

    private static async Task<(IReadOnlyDictionary<string, Department> Departments, bool Admin)> ScopeAsync(UnitOfWork work, string personId)
    {
        var departments = await OrganisationStore.DepartmentsAsync(work);
        return (departments.ToDictionary(d => d.Id, StringComparer.Ordinal), (await OrganisationStore.FindPersonAsync(work, personId))?.HasRole(Role.Admin) == true);
    }

    private static async Task<CalibrationSummary> SummaryAsync(CalibrationRow row, string cycleName, IReadOnlyDictionary<string, Department> departments, Names names) => new(
        row.Id,
        row.CycleId,
        cycleName,
        row.DepartmentId,
        departments.TryGetValue(row.DepartmentId, out var department) ? department.Name : TaskDesk.Same(row.DepartmentId),
        row.Status,
        await names.OfAsync(row.OpenedBy),
        TaskDesk.At(row.OpenedAt)!.Value,
        row.ClosedBy is { } closer ? await names.OfAsync(closer) : null,
        TaskDesk.At(row.ClosedAt),
        row.Version);

    // The form of the cycle's process whose template marks a field as the rating, that field and the ratings it allows.
    internal static async Task<RatingField?> RatingFieldAsync(UnitOfWork work, CycleRow cycle) =>
        await ProcessCatalog.ProcessAsync(work, cycle.ProcessKey, cycle.ProcessVersion) is { } process ? await RatingFieldAsync(work, process) : null;

    /// <summary>The field a form of <paramref name="process"/> marks as the rating, with the values it allows; null when none does.</summary>
    internal static async Task<RatingField?> RatingFieldAsync(UnitOfWork work, ProcessDefinition process)
    {
        foreach (var form in process.Forms.Keys.Order(StringComparer.Ordinal))
        {
            var template = await ProcessCatalog.FormAsync(work, process, form);
            if (template.FieldOf(FieldRoles.Rating) is { } field && template.RatingValues.TryGetValue(field, out var values))
            {
                return new RatingField(form, field, values, template);
            }
        }

        return null;
    }

    // The rating as the stored form holds it now; null when it holds none.
    private static int? Proposed(InstanceRow instance, RatingField field) =>
        InstanceState.Parse(instance.State).Forms.GetValueOrDefault(field.Form)?[field.Field] is JsonValue value && value.TryGetValue<int>(out var rating) ? rating : null;

    // What the reader reads of each instance that speaks to the rating, by instance (none for an instance they do not
    // see). The instances are opened as a page of the team's instances opens its rows (Run.OpenManyAsync, the reader's
    // relation to every subject at once), then each seen as the instance page shows it (Visibility,
    // InstanceDesk.DetailsAsync), the one rule of who sees what.
    private static async Task<Dictionary<string, IReadOnlyList<CalibrationEvidence>>> EvidenceAsync(
        UnitOfWork work, IReadOnlyList<InstanceRow> instances, string readerId, RatingField rating, Names names, DateTimeOffset now)
    {
        var found = new Dictionary<string, IReadOnlyList<CalibrationEvidence>>(StringComparer.Ordinal);
        var published = new List<InstanceRow>(instances.Count);
        foreach (var instance in instances)
        {
            if (await ProcessCatalog.ProcessAsync(work, instance.ProcessKey, instance.ProcessVersion) is not null)
            {
                published.Add(instance);
            }
        }

        var runs = await Run.OpenManyAsync(work, published, now, readerId);
        await names.KnowAsync(runs.SelectMany(r => r.Tasks.Where(t => t.Status == TaskStatuses.Open).Select(t => t.AssigneeId)));
        foreach (var (run, sight) in runs.Zip(await Visibility.ForAsync(work, runs, readerId)).Where(p => p.Second.SeesInstance))
        {
            found[run.Instance.Id] = await EvidenceAsync(work, run, (await InstanceDesk.DetailsAsync(work, run, sight, now, names)).Forms, rating);
        }

        return found;
    }

    // Of the forms the reader reads: the self-ratings (top-level fields of the self-rating role) and the texts beside the
    // rating in its section (the manager's summary).
    private static async Task<IReadOnlyList<CalibrationEvidence>> EvidenceAsync(UnitOfWork work, Run run, JsonObject forms, RatingField rating)
    {
        var evidence = new List<CalibrationEvidence>();
        foreach (var (form, node) in forms)
        {
            if (node is not JsonObject read)
            {
                continue;
            }

            var template = await ProcessCatalog.FormAsync(work, run.Process, form);
            var fields = template.Roles.Where(r => r.Value == FieldRoles.SelfRating && !r.Key.Contains('.', StringComparison.Ordinal) && !r.Key.Contains('[', StringComparison.Ordinal)).Select(r => (r.Key, (string?)r.Value)).ToList();
            if (form == rating.Form)
            {
                var section = template.Sections.FirstOrDefault(s => s.Fields.Contains(rating.Field));
                fields.AddRange((section?.Fields ?? []).Where(f => f != rating.Field).Select(f => (f, (string?)null)));
            }

            foreach (var (field, role) in fields)
            {
                if (read[field] is JsonValue value && value.ToString() is { Length: > 0 } text)
                {
                    evidence.Add(new CalibrationEvidence(form, field, template.LabelOf(field) ?? TaskDesk.Same(field), role, text));
                }
            }
        }

        return evidence;
    }

    internal sealed record RatingField(string Form, string Field, IReadOnlyList<int> Values, FormTemplate Template);
}
