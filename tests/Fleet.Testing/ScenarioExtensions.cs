using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;

namespace Fleet.Testing;

public static class ScenarioExtensions
{
    /// <summary>Sends the scenario as the demo account holding <paramref name="role"/> in <paramref name="pool"/>.</summary>
    public static async Task<IScenarioResult> ScenarioAs(this FleetApp app, string pool, Role role, Action<Scenario> configure)
    {
        var bearer = await app.BearerFor(pool, role);
        try
        {
            return await app.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                configure(s);
            });
        }
        catch (ScenarioAssertionException failed) when (failed.Message.Contains("but was 500") && app.ServerErrors.Entries.Count > 0)
        {
            failed.Add($"The server logged:{Environment.NewLine}{string.Join(Environment.NewLine, app.ServerErrors.Entries)}");
            throw;
        }
    }

    /// <summary>POSTs <paramref name="body"/> as a demo account, checks the status and returns the JSON answer.</summary>
    public static async Task<JsonElement> PostAs(this FleetApp app, string pool, Role role, string url, object body,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var result = await app.ScenarioAs(pool, role, s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(expected);
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>GETs <paramref name="url"/> as a demo account, checks the status and returns the JSON answer.</summary>
    public static async Task<JsonElement> GetAs(this FleetApp app, string pool, Role role, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var result = await app.ScenarioAs(pool, role, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(expected);
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>The <c>code</c> of a problem answer.</summary>
    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;
}
