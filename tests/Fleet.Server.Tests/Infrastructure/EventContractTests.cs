using System.Reflection;
using System.Text.Json;
using Fleet.Domain.Common;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Vehicles;
using Fleet.Server.Hosting;
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
    /// <summary>
    /// An event, for this test, is whatever a domain aggregate is created from or applies, and what a policy or
    /// other state is built from (<c>From</c>).
    /// </summary>
    private static readonly IReadOnlyList<Type> DomainEvents = typeof(VehicleRegistered).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.Name is "From" or "When" && m.GetParameters().Length == 1 && m.ReturnType == m.DeclaringType)
        .Select(m => m.GetParameters()[0].ParameterType)
        .Distinct()
        .ToList();

    [Fact]
    public void Every_domain_event_has_an_explicit_alias()
    {
        DomainEvents.Should().HaveCountGreaterThan(10);
        EventCatalog.Aliases.Keys.Should().BeEquivalentTo(DomainEvents);
        EventCatalog.Aliases.Values.Should().OnlyHaveUniqueItems()
            .And.OnlyContain(alias => alias.All(c => char.IsAsciiLetterLower(c) || c == '_'));
    }

    [Fact]
    public void Stored_event_shapes_do_not_change()
    {
        var serializer = app.Store.Options.Serializer();
        var contracts = EventCatalog.Aliases
            .OrderBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => new { Alias = pair.Value, Json = serializer.ToJson(Sample(pair.Key)) });

        Snapshot.Match(contracts);
    }

    [Fact]
    public void Stored_events_read_back_from_their_json()
    {
        var serializer = app.Store.Options.Serializer();
        foreach (var type in EventCatalog.Aliases.Keys)
        {
            var sample = Sample(type);
            var json = serializer.ToJson(sample);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var read = serializer.FromJson(type, stream);
            JsonSerializer.Serialize(read).Should().Be(JsonSerializer.Serialize(sample), $"{type.Name} must survive a round trip");
        }
    }

    /// <summary>A deterministic instance of an event with every member filled, so the snapshot shows every field.</summary>
    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Value(p.ParameterType)).ToArray());
    }

    private static object Value(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(Guid)) return Guid.Parse("01900000-0000-7000-8000-000000000001");
        if (underlying == typeof(string)) return "420102";
        if (underlying == typeof(int)) return 5;
        if (underlying == typeof(long)) return 5L;
        if (underlying == typeof(decimal)) return 12.5m;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(Instant)) return Instant.FromUtc(2026, 11, 2, 1, 30);
        if (underlying == typeof(LocalDate)) return new LocalDate(2027, 6, 30);
        if (underlying == typeof(Interval)) return new Interval(Instant.FromUtc(2026, 11, 3, 0, 0), Instant.FromUtc(2026, 11, 4, 0, 0));
        if (underlying == typeof(Distance)) return new Distance(12_345_600);
        if (underlying == typeof(LocalTime)) return new LocalTime(8, 30);
        if (underlying == typeof(Duration)) return Duration.FromHours(4);
        if (underlying == typeof(GeoPoint)) return new GeoPoint(30.593, 114.305);
        if (underlying.IsEnum) return Enum.GetValues(underlying).GetValue(Enum.GetValues(underlying).Length - 1)!;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Value(element), 0);
            return array;
        }

        // A record nested in an event (a trip's details, say) is sampled the same way.
        if (underlying.IsClass && underlying.Namespace?.StartsWith("Fleet.Domain") == true) return Sample(underlying);

        throw new NotSupportedException($"Add a sample value for {type} to the event contract test.");
    }
}
