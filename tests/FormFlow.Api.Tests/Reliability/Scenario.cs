using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;

namespace FormFlow.Api.Tests.Reliability;

/// <summary>
/// What the process-level tests share: an organisation of a few hundred people in teams under one head, the host's
/// development sign-in, a quick review (the employee writes a self-review, the manager approves it) published and
/// launched through the HTTP API, and plain reads of the database behind the host.
/// </summary>
internal static class Scenario
{
    public const string Admin = "E002";
    public const string ProcessKey = "rel-quick-review";

    /// <summary>
    /// Writes an organisation file: a head (E001), an administrator (E002), an HRBP (E003) in D000, and
    /// <paramref name="teams"/> teams (T01…, each a department under D000 headed by its manager M01…) of
    /// <paramref name="perTeam"/> employees each (P0001…). Mail goes to <paramref name="domain"/>.
    /// </summary>
    public static string WriteOrganisation(string folder, int teams, int perTeam, string domain)
    {
        var csv = new StringBuilder("id,name_zh,name_en,email,locale,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,level,is_department_head,is_hrbp_of,hired_on,role_family\n");
        csv.Append(CultureInfo.InvariantCulture, $"E001,陈总,Chen Zong,e001@{domain},zh-CN,D000,总部,Head Office,,,manager,M6,true,,2019-06-12,\n");
        csv.Append(CultureInfo.InvariantCulture, $"E002,林管,Lin Guan,e002@{domain},zh-CN,D000,总部,Head Office,,E001,admin,P6,,,2019-06-12,\n");
        csv.Append(CultureInfo.InvariantCulture, $"E003,赵人,Zhao Ren,e003@{domain},zh-CN,D000,总部,Head Office,,E001,hrbp,P6,,D000,2019-06-12,\n");
        var person = 0;
        for (var team = 1; team <= teams; team++)
        {
            var department = $"T{team:00}";
            var manager = $"M{team:00}";
            csv.Append(CultureInfo.InvariantCulture, $"{manager},经理{team},Manager {team},{manager.ToLowerInvariant()}@{domain},zh-CN,{department},团队{team},Team {team},D000,E001,manager,M3,true,,2020-01-01,\n");
            for (var i = 0; i < perTeam; i++)
            {
                var id = $"P{++person:0000}";
                csv.Append(CultureInfo.InvariantCulture, $"{id},员工{person},Employee {person},{id.ToLowerInvariant()}@{domain},en,{department},团队{team},Team {team},D000,{manager},employee,P4,,,2021-03-01,\n");
            }
        }

        var path = Path.Combine(folder, "organisation.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>A token for <paramref name="personId"/> from the development sign-in.</summary>
    public static async Task<string> TokenAsync(string address, string personId)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync($"{address}/api/auth/dev-sign-in", Json(new JsonObject { ["personId"] = personId }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"signing in as {personId}: {text}");
        return (string)JsonNode.Parse(text)!["accessToken"]!;
    }

    public static HttpClient Client(string address, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Publishes the quick review (or <paramref name="definition"/>, under <see cref="ProcessKey"/>) as the
    /// administrator and launches it for the employees of D000 and the teams below it.
    /// </summary>
    public static async Task<int> PublishAndLaunchAsync(HttpClient admin, string cycleId, JsonObject? definition = null)
    {
        await Ok(await admin.PutAsync($"/api/authoring/processes/{ProcessKey}/draft", Json(definition ?? QuickReview.Definition(ProcessKey, reminder: true))), "saving the process draft");
        await Ok(await admin.PostAsync($"/api/authoring/processes/{ProcessKey}/publish", null), "publishing the process");
        var starts = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var launch = await admin.PostAsync("/api/cycles", Json(new JsonObject
        {
            ["cycleId"] = cycleId,
            ["name"] = "Reliability " + cycleId,
            ["processKey"] = ProcessKey,
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D000", ["roles"] = new JsonArray("employee") },
        }));
        var text = await launch.Content.ReadAsStringAsync();
        Assert.That((int)launch.StatusCode, Is.EqualTo(201), $"launching the cycle: {text}");
        return (int)JsonNode.Parse(text)!["started"]!;
    }

    /// <summary>The data of the shipped self-review's example with an annual rating of 5.</summary>
    public static JsonObject SelfReview()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder.FullName, "templates", "examples", "self-review", "valid-annual-rating-5.json");
        return JsonNode.Parse(File.ReadAllText(path))!["data"]!.DeepClone().AsObject();
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static DbConnection Open(string provider, string connectionString)
    {
        DbConnection connection = provider == "PostgreSql"
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public static async Task<List<T>> QueryAsync<T>(string provider, string connectionString, string sql, object? parameters = null)
    {
        await using var connection = Open(provider, connectionString);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    /// <summary>Drops a test database on the PostgreSQL server once its hosts are gone (a SQLite file goes with its folder).</summary>
    public static void Drop(TestDatabase database)
    {
        if (database.Dialect != FormFlow.Storage.StorageDialect.PostgreSql)
        {
            return;
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES"));
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is the test's own, made from a GUID; DROP DATABASE takes no parameters.
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static async Task Ok(HttpResponseMessage response, string step)
    {
        using (response)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{step}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
