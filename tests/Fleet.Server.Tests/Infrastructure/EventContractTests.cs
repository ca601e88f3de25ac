using System.Text.Json;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using NodaTime;
using Snapshooter.Xunit;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// Events already stored must stay readable forever, so their aliases and JSON shape are pinned by a snapshot:
/// a change here is a change to a public contract and needs a new event or an upcaster instead.
/// </summary>
public class EventContractTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly Guid SampleId = Guid.Parse("01900000-0000-7000-8000-000000000001");
    private static readonly Instant SampleTime = Instant.FromUtc(2026, 11, 2, 1, 30);

    private static readonly IReadOnlyDictionary<Type, object> Samples = new Dictionary<Type, object>
    {
        [typeof(VehicleRegistered)] = new VehicleRegistered(SampleId, "鄂A·D12345", VehicleCategory.EmergencySupport,
            VehicleClass.Minibus, 15, EnergyType.BatteryElectric, "420102", SampleTime),
    };

    [Fact]
    public void Every_domain_event_has_an_explicit_alias_and_a_sample()
    {
        var domainEvents = typeof(VehicleRegistered).Assembly.GetTypes()
            .Where(t => t is { IsPublic: true, IsClass: true } && t.Namespace!.StartsWith("Fleet.Domain") && t.Name.EndsWith("ed"))
            .ToList();

        domainEvents.Should().NotBeEmpty();
        EventCatalog.Aliases.Keys.Should().BeEquivalentTo(domainEvents);
        Samples.Keys.Should().BeEquivalentTo(domainEvents);
        EventCatalog.Aliases.Values.Should().OnlyHaveUniqueItems()
            .And.OnlyContain(alias => alias.All(c => char.IsAsciiLetterLower(c) || c == '_'));
    }

    [Fact]
    public void Stored_event_shapes_do_not_change()
    {
        var serializer = app.Store.Options.Serializer();
        var contracts = EventCatalog.Aliases
            .OrderBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => new
            {
                Alias = pair.Value,
                Json = JsonDocument.Parse(serializer.ToJson(Samples[pair.Key])).RootElement,
            });

        Snapshot.Match(contracts.Select(c => new { c.Alias, Json = c.Json.ToString() }));
    }

    [Fact]
    public void Stored_events_read_back_from_their_json()
    {
        var serializer = app.Store.Options.Serializer();
        foreach (var (type, sample) in Samples)
        {
            var json = serializer.ToJson(sample);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            serializer.FromJson(type, stream).Should().Be(sample);
        }
    }
}
