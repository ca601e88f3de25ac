using Fleet.Projections.Compliance;
using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

public class OperationsTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task Live_answers_without_looking_at_anything_else()
    {
        var text = await app.Host.GetAsText("/health/live");

        text.Should().Be("Healthy");
    }

    [Fact]
    public async Task Ready_checks_the_database_and_the_projection_daemon()
    {
        var text = await app.Host.GetAsText("/health/ready");

        text.Should().Be("Healthy");
    }

    [Fact]
    public async Task A_node_says_which_projections_it_runs_and_how_far_they_have_read()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var report = await app.Host.GetAsJson<JsonElement>("/health/projections");

        // A test server runs alone (Solo), so it runs every projection.
        var running = report.GetProperty("runningHere").EnumerateArray().Select(s => s.GetString()).ToList();
        running.Should().Contain(["LogbookEntry:All", "LogbookTotals:All", $"FlaggedRecords:V{FlaggedRecordsProjection.Version}:All", "PoolFleet:All"]);
        var highWater = report.GetProperty("highWaterMark").GetInt64();
        highWater.Should().BeGreaterThan(0);
        report.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("shard").GetString()).Should().BeEquivalentTo(running);
        report.GetProperty("shards").EnumerateArray().Should().OnlyContain(s => s.GetProperty("sequence").GetInt64() == highWater);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_vehicle_endpoints()
    {
        var document = await app.Host.GetAsJson<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/vehicles", out var vehicles).Should().BeTrue();
        vehicles.GetProperty("post").GetProperty("operationId").GetString().Should().Be("RegisterVehicle");
        paths.TryGetProperty("/api/vehicles/{id}", out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/reference/v1");
            s.StatusCodeShouldBeOk();
        });

        (await result.ReadAsTextAsync()).Should().Contain("<html").And.Contain("openapi/v1.json");
    }

    [Fact]
    public async Task An_unknown_address_is_a_problem_not_an_empty_page()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.Clerk, s =>
        {
            s.Get.Url("/api/nothing-here");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
            s.ContentTypeShouldBe("application/problem+json");
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("request.not_found");
    }

    [Fact]
    public async Task Anonymous_callers_learn_nothing_about_which_addresses_exist()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/nothing-here");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }
}
