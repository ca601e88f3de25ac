using Fleet.Server.Infrastructure.Commands;
using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Http;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

public class EventMetadataTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task Every_event_records_correlation_causation_actor_and_role()
    {
        var correlation = $"corr-{Guid.NewGuid():N}";
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Json(new { plate = "鄂A·M0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline", homePool = "420102" })
                .ToUrl("/api/vehicles");
            s.WithRequestHeader("X-Correlation-ID", correlation);
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("vehicleId").GetGuid();

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var registered = (await session.Events.FetchStreamAsync(id)).Single();

        registered.CorrelationId.Should().Be(correlation);
        registered.CausationId.Should().NotBeNullOrWhiteSpace();
        var me = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s => s.Get.Url("/api/me"));
        registered.UserName.Should().Be((await me.ReadAsJsonAsync<JsonElement>()).GetProperty("userId").GetString());
        registered.GetHeader(CommandSession.RoleHeader)?.ToString().Should().Be(nameof(Role.FleetAdmin));
        registered.TenantId.Should().Be(FleetApp.JianganPool);
        registered.Timestamp.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }
}
