using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>Whose record a request names: the reader's own unit's, another unit's of the same pool, or another district's.</summary>
public enum Scope
{
    Own,
    OtherUnit,
    OtherDistrict,
}

/// <summary>
/// The records every cell of the authorization matrix names, written through the API: in 江岸 (the readers' pool) a
/// unit of its own with an account in it, a car with a workshop booking, a driver with leave, a trip of the demo
/// clerk's unit JA0001 and one of another unit; in 江汉 the same again, which no one of 江岸 may read or change. The
/// unit and the account are made for the matrix, so that the commands it sends cannot close or lock out the demo
/// accounts it signs in with.
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    public FleetApp App { get; } = new();

    public sealed record Records(Guid Vehicle, Guid Maintenance, Guid Driver, Guid Leave, Guid User, Guid Trip, string Unit, string Pool);

    public Records Jiangan { get; private set; } = null!;
    public Records Jianghan { get; private set; } = null!;

    /// <summary>A trip of 江岸 requested by a clerk of unit JA0099, not the demo clerk's JA0001.</summary>
    public Guid OtherUnitTrip { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Jiangan = await RecordsAsync(FleetApp.Jiangan, FleetApp.JianganPool, "JA0098", 'M');
        Jianghan = await RecordsAsync(FleetApp.Jianghan, FleetApp.JianghanPool, "JH0098", 'N');

        await App.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/units",
            new { code = "JA0099", name = "江岸区矩阵测试办", parentCode = FleetApp.JianganPool }, HttpStatusCode.Created);
        await App.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = "matrix.clerk", displayName = "另一单位经办人", organisationCode = "JA0099", roles = new[] { "Clerk" }, password = "matrix-clerk-pw" },
            HttpStatusCode.Created);
        var token = (await (await App.Host.Scenario(s => s.Post.Json(new { loginName = "matrix.clerk", password = "matrix-clerk-pw" }).ToUrl("/api/auth/token")))
            .ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var requested = await App.Host.Scenario(s =>
        {
            s.Post.Json(TripForm(9)).ToUrl("/api/trips");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        OtherUnitTrip = (await requested.ReadAsJsonAsync<JsonElement>()).GetProperty("tripId").GetGuid();
    }

    private async Task<Records> RecordsAsync(string pool, string code, string unit, char plates)
    {
        await App.PostAs(pool, Role.FleetAdmin, "/api/organisations/units", new { code = unit, name = $"矩阵测试{unit}", parentCode = code }, HttpStatusCode.Created);
        var user = (await App.PostAs(pool, Role.FleetAdmin, "/api/users",
                new { loginName = $"matrix.{unit}", displayName = "矩阵测试", organisationCode = unit, roles = new[] { "Clerk" }, password = "matrix-subject-pw" },
                HttpStatusCode.Created))
            .GetProperty("userId").GetGuid();
        var vehicle = await App.RoadworthyVehicleAsync(pool, TestPlates.Next(plates));
        var maintenance = (await App.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/maintenance",
                new { start = "2026-12-10T01:00:00Z", end = "2026-12-10T09:00:00Z", kind = "Routine" }))
            .GetProperty("maintenanceWindows")[0].GetProperty("maintenanceId").GetGuid();
        var driver = await App.DriverAsync(pool, $"矩阵{plates}");
        var leave = (await App.PostAs(pool, Role.FleetAdmin, $"/api/drivers/{driver}/leave",
                new { start = "2026-12-14T16:00:00Z", end = "2026-12-15T16:00:00Z", kind = "Personal" }, HttpStatusCode.Created))
            .GetProperty("leaveId").GetGuid();
        var trip = (await App.RequestTripAsync(pool, new TripBuilder().For("授权矩阵").On(new LocalDate(2026, 12, 8), 9, 11))).Id;
        return new Records(vehicle, maintenance, driver, leave, user, trip, unit, code);
    }

    private static object TripForm(int day) => new TripBuilder().For("授权矩阵").On(new LocalDate(2026, 12, day), 9, 11).Body;

    /// <summary>The endpoint's URL naming the records of <paramref name="scope"/>, as 江岸 sees them.</summary>
    public string Url(ApiEndpoint endpoint, Scope scope)
    {
        var records = scope == Scope.OtherDistrict ? Jianghan : Jiangan;
        var route = endpoint.Route;
        var id = route switch
        {
            _ when route.StartsWith("/api/vehicles/", StringComparison.Ordinal) => records.Vehicle,
            _ when route.StartsWith("/api/drivers/", StringComparison.Ordinal) => records.Driver,
            _ when route.StartsWith("/api/users/", StringComparison.Ordinal) => records.User,
            _ => scope == Scope.OtherUnit ? OtherUnitTrip : records.Trip,
        };
        return (route + endpoint.Query).Replace("{id}", id.ToString()).Replace("{maintenanceId}", records.Maintenance.ToString())
            .Replace("{leaveId}", records.Leave.ToString()).Replace("{code}", records.Unit).Replace("{pool}", records.Pool)
            .Replace("{vehicle}", records.Vehicle.ToString()).Replace("{documentName?}", "v1").Replace("{year}", "2026");
    }

    /// <summary>
    /// Sends a request as a demo account of 江岸 holding <paramref name="role"/>, or signed out when none, and answers what
    /// came back: the status, a refusal's problem code, the text and its content type. A POST carries
    /// <paramref name="body"/> as <paramref name="contentType"/> (an empty JSON object unless given).
    /// </summary>
    public async Task<(int Status, string? Code, string Text, string? Type)> SendAsync(string method, string url, Role? role,
        string? contentType = "application/json", byte[]? body = null)
    {
        void Request(Scenario s)
        {
            if (method == "GET") s.Get.Url(url);
            else
            {
                var send = s.Post.ByteArray(body ?? "{}"u8.ToArray());
                if (contentType is not null) send.ContentType(contentType);
                // Alba takes a POST's address as a path only: its query goes in as a browser would send it.
                var query = url.IndexOf('?');
                send.ToUrl(query < 0 ? url : url[..query]);
                if (query >= 0) s.ConfigureHttpContext(c => c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(url[query..]));
            }

            s.IgnoreStatusCode();
        }

        var result = role is { } r ? await App.ScenarioAs(FleetApp.Jiangan, r, Request) : await App.Host.Scenario(Request);
        var status = result.Context.Response.StatusCode;
        var text = await result.ReadAsTextAsync();
        var type = result.Context.Response.ContentType;
        var code = status >= 400 && type?.Contains("json", StringComparison.Ordinal) == true && text.StartsWith('{')
                   && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (status, code, text, type);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
