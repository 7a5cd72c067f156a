using System.Globalization;

namespace FormFlow.Organisation;

/// <summary>
/// The checks that need the whole file: duplicate ids, the department tree (names that agree, known parents, no
/// cycle, one head, one HRBP) and the manager tree (known managers, no one their own manager, no cycle). Builds the
/// organisation when nothing is wrong.
/// </summary>
internal sealed class OrgChecks(RowReader reader, List<ImportProblem> problems)
{
    public OrgChart? Check(IReadOnlyList<PersonRow> rows)
    {
        var people = People(rows);
        var departments = Departments(rows);
        var hrbps = Hrbps(rows, departments);
        Managers(people);
        if (problems.Count > 0)
        {
            return null;
        }

        return new OrgChart(
            [.. departments.Values.Select(d => d with { HrbpId = hrbps.GetValueOrDefault(d.Id) })],
            [.. people.Values.Select(p => new Person
            {
                Id = p.Id,
                NameZh = p.NameZh,
                NameEn = p.NameEn ?? p.NameZh,
                Email = p.Email,
                Locale = p.Locale,
                DepartmentId = p.DepartmentId,
                ManagerId = p.ManagerId,
                Roles = string.Join(' ', p.Roles),
                Level = p.Level,
                HiredOn = p.HiredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                RoleFamily = p.RoleFamily,
            })]);
    }

    /// <summary>Each person by id, from the first row with that id; a repeated id is a problem naming every row.</summary>
    private Dictionary<string, PersonRow> People(IReadOnlyList<PersonRow> rows)
    {
        var people = new Dictionary<string, PersonRow>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            people.Add(group.Key, group.First());
            if (group.Count() > 1)
            {
                problems.Add(ImportProblems.DuplicatePerson([.. group.Select(r => r.Number)], reader.Column(ImportColumns.Id), group.Key));
            }
        }

        return people;
    }

    /// <summary>The departments named by the rows, each from all the rows of its members (head and HRBP come later).</summary>
    private Dictionary<string, Department> Departments(IReadOnlyList<PersonRow> rows)
    {
        var departments = new Dictionary<string, Department>(StringComparer.Ordinal);
        var parentRows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var members in rows.GroupBy(r => r.DepartmentId, StringComparer.Ordinal))
        {
            var id = members.Key;
            var nameZh = Agreed(id, members, ImportColumns.DepartmentNameZh, r => r.DepartmentNameZh);
            var nameEn = Agreed(id, members, ImportColumns.DepartmentNameEn, r => r.DepartmentNameEn);
            var parent = Agreed(id, members, ImportColumns.ParentDepartmentId, r => r.ParentDepartmentId);
            if (nameZh is null)
            {
                problems.Add(ImportProblems.EmptyCell(members.First().Number, reader.Column(ImportColumns.DepartmentNameZh)));
            }

            var heads = members.Where(r => r.IsDepartmentHead).ToList();
            if (heads.Count > 1)
            {
                problems.Add(ImportProblems.TwoHeads([.. heads.Select(r => r.Number)], reader.Column(ImportColumns.IsDepartmentHead), id));
            }

            if (parent is not null)
            {
                parentRows[id] = members.First(r => r.ParentDepartmentId == parent).Number;
            }

            departments[id] = new Department
            {
                Id = id,
                NameZh = nameZh ?? "",
                NameEn = nameEn ?? nameZh ?? "",
                ParentId = parent,
                HeadId = heads.FirstOrDefault()?.Id,
            };
        }

        foreach (var department in departments.Values.Where(d => d.ParentId is not null && !departments.ContainsKey(d.ParentId)))
        {
            problems.Add(ImportProblems.UnknownParentDepartment(parentRows[department.Id], reader.Column(ImportColumns.ParentDepartmentId), department.ParentId!));
        }

        foreach (var cycle in Chains.Cycles([.. departments.Keys], id => departments[id].ParentId))
        {
            problems.Add(ImportProblems.DepartmentCycle(
                [.. cycle.Select(id => parentRows[id])],
                reader.Column(ImportColumns.ParentDepartmentId),
                string.Join(" → ", [.. cycle, cycle[0]])));
        }

        return departments;
    }

    /// <summary>
    /// The one value the members' rows give for a department fact (rows may leave it empty or repeat it), or null
    /// when none gives it. Different values are a problem naming the first row of each.
    /// </summary>
    private string? Agreed(string departmentId, IEnumerable<PersonRow> members, string column, Func<PersonRow, string?> value)
    {
        var distinct = members.Where(r => value(r) is not null).DistinctBy(value, StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            problems.Add(ImportProblems.DepartmentConflict(
                [.. distinct.Select(r => r.Number)], reader.Column(column), departmentId, [.. distinct.Select(r => value(r)!)]));
        }

        return distinct.Count == 0 ? null : value(distinct[0]);
    }

    /// <summary>The HRBP of each department that has one, by department id.</summary>
    private Dictionary<string, string> Hrbps(IReadOnlyList<PersonRow> rows, Dictionary<string, Department> departments)
    {
        var claims = new Dictionary<string, List<PersonRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var departmentId in row.HrbpOf)
            {
                if (!departments.ContainsKey(departmentId))
                {
                    problems.Add(ImportProblems.UnknownHrbpDepartment(row.Number, reader.Column(ImportColumns.IsHrbpOf), departmentId));
                    continue;
                }

                if (!claims.TryGetValue(departmentId, out var claimants))
                {
                    claims[departmentId] = claimants = [];
                }

                claimants.Add(row);
            }
        }

        foreach (var (departmentId, claimants) in claims.Where(c => c.Value.DistinctBy(r => r.Id, StringComparer.Ordinal).Count() > 1))
        {
            problems.Add(ImportProblems.TwoHrbps([.. claimants.Select(r => r.Number)], reader.Column(ImportColumns.IsHrbpOf), departmentId));
        }

        return claims.ToDictionary(c => c.Key, c => c.Value[0].Id, StringComparer.Ordinal);
    }

    private void Managers(Dictionary<string, PersonRow> people)
    {
        foreach (var person in people.Values.Where(p => p.ManagerId is not null))
        {
            if (person.ManagerId == person.Id)
            {
                problems.Add(ImportProblems.OwnManager(person.Number, reader.Column(ImportColumns.ManagerId), person.Id));
            }
            else if (!people.ContainsKey(person.ManagerId!))
            {
                problems.Add(ImportProblems.UnknownManager(person.Number, reader.Column(ImportColumns.ManagerId), person.ManagerId!));
            }
        }

        // Someone who is their own manager is reported as such above, not again as a cycle of one.
        var cycles = Chains.Cycles([.. people.Keys], id => people[id].ManagerId is { } m && m != id ? m : null);
        foreach (var cycle in cycles)
        {
            var chain = cycle.Append(cycle[0]).Select(id => people[id]).ToList();
            problems.Add(ImportProblems.ManagerCycle(
                [.. cycle.Select(id => people[id].Number)],
                reader.Column(ImportColumns.ManagerId),
                string.Join(" → ", chain.Select(p => $"{p.NameZh}（{p.Id}）")),
                string.Join(" → ", chain.Select(p => $"{p.NameEn ?? p.NameZh} ({p.Id})"))));
        }
    }
}
