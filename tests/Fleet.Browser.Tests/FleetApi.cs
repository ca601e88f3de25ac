using System.Text.Json;
using Fleet.Samples.DemoCity;
using FluentAssertions;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests;

/// <summary>
/// A demo account's API client, for what a test needs to have happened before the person it is about opens their page
/// (a clerk's request, a dispatcher's order): the same endpoints the pages' commands go through.
/// </summary>
public sealed class FleetApi(IAPIRequestContext request) : IAsyncDisposable
{
    public static async Task<FleetApi> SignInAsync(BrowserFleet fleet, string login)
    {
        var anonymous = await fleet.Playwright.APIRequest.NewContextAsync(new APIRequestNewContextOptions { BaseURL = fleet.BaseUrl });
        var token = await anonymous.PostAsync("/api/auth/token", new APIRequestContextOptions
        {
            DataObject = new { loginName = login, password = DemoCityGenerator.Password },
        });
        token.Status.Should().Be(200, $"{login} signs in");
        var accessToken = (await token.JsonAsync())!.Value.GetProperty("accessToken").GetString();
        await anonymous.DisposeAsync();
        return new FleetApi(await fleet.Playwright.APIRequest.NewContextAsync(new APIRequestNewContextOptions
        {
            BaseURL = fleet.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + accessToken, ["Accept-Language"] = "en" },
        }));
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await request.PostAsync(path, new APIRequestContextOptions { DataObject = body });
        response.Ok.Should().BeTrue($"POST {path} is accepted: {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await request.GetAsync(path);
        response.Ok.Should().BeTrue($"GET {path} answers: {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    /// <summary>A short trip in office hours, which the policy approves at once: it goes straight to the dispatch centre.</summary>
    public async Task<Guid> RequestAsync(string purposeText, string start, string end, string pickUp, string destination, int passengers,
        string[] passengerNames, string? wantedClass = null)
    {
        var requested = await PostAsync("/api/trips", new
        {
            purpose = "Meeting", purposeText, passengers, passengerNames, pickUp, destinations = new[] { destination },
            start, end, wantedClass, urgency = "Normal", withDriver = true, outOfRegion = false,
        });
        return requested.GetProperty("tripId").GetGuid();
    }

    /// <summary>Dispatches the trip with the given driver and the first car the candidates offer.</summary>
    public async Task DispatchAsync(Guid tripId, Guid driverId)
    {
        var candidates = await GetAsync($"/api/trips/{tripId}/candidates");
        var vehicle = candidates.GetProperty("vehicles").EnumerateArray().First(v => v.GetProperty("available").GetBoolean()).GetProperty("vehicleId").GetGuid();
        await PostAsync($"/api/trips/{tripId}/dispatch", new { vehicleId = vehicle, driverId });
    }

    public ValueTask DisposeAsync() => request.DisposeAsync();
}
