using System.Net;

namespace FormFlow.Api.Tests;

/// <summary>
/// Who may read a manager's follow-up report, over an organisation where one manager's team spans two HRBPs'
/// departments: M1 (Unit One) leads R1 in Unit One and R2 in Unit Two; M2 leads R3 in Unit One only. H1 is the HRBP of
/// Unit One, H2 of Unit Two, A0 the administrator.
/// </summary>
public sealed class FollowUpAccessTests(string kind) : ApiTest(kind)
{
    private static readonly Lazy<string> OrganisationFile = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"formflow-split-team-{Environment.ProcessId}.csv");
        File.WriteAllText(path, """
            id,name_zh,name_en,email,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,is_department_head,is_hrbp_of
            A0,管理员,Admin,a0@example.com,X0,公司,Company,,,admin manager,true,
            H1,人事甲,HR One,h1@example.com,X0,公司,Company,,A0,hrbp,,X1
            H2,人事乙,HR Two,h2@example.com,X0,公司,Company,,A0,hrbp,,X2
            M1,经理甲,Manager One,m1@example.com,X1,一部,Unit One,X0,A0,manager,true,
            M2,经理乙,Manager Two,m2@example.com,X1,一部,Unit One,X0,M1,manager,,
            R1,员工甲,Report One,r1@example.com,X1,一部,Unit One,X0,M1,employee,,
            R2,员工乙,Report Two,r2@example.com,X2,二部,Unit Two,X0,M1,employee,,
            R3,员工丙,Report Three,r3@example.com,X1,一部,Unit One,X0,M2,employee,,
            """);
        return path;
    });

    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["FormFlow:Organisation:InitialFile"] = OrganisationFile.Value,
    };

    [TestCase("M1", "M1", HttpStatusCode.OK)]
    [TestCase("A0", "M1", HttpStatusCode.OK)]
    [TestCase("H1", "M1", HttpStatusCode.NotFound)]
    [TestCase("H2", "M1", HttpStatusCode.NotFound)]
    [TestCase("H1", "M2", HttpStatusCode.OK)]
    [TestCase("R1", "M1", HttpStatusCode.NotFound)]
    public async Task An_hrbp_reads_a_managers_follow_up_only_when_they_are_the_hrbp_of_every_report_on_it(string viewer, string manager, HttpStatusCode expected)
    {
        using var client = await SignedIn(viewer);

        using var response = await client.GetAsync($"/api/reports/follow-up?managerId={manager}");

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("员工乙").And.Not.Contain("Report Two"));
        }
    }
}
