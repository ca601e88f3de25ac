using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Positions.Tracks;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Common;

/// <summary>
/// An aggregate lists the events it knows once, in its <c>When</c> methods; <see cref="Evolution.Evolve{T}"/> folds by
/// them. These tests call every <c>When</c> of every aggregate directly and through <c>Evolve</c>, on states and events made of
/// sample values, so that an event <c>Evolve</c> skipped would show as a state left unchanged.
/// </summary>
public class EvolutionTests
{
    private static readonly Type[] AggregateTypes =
        [typeof(Trip), typeof(Vehicle), typeof(Driver), typeof(User), typeof(Organisation), typeof(DispatchRegister), typeof(TrackLookMonth), typeof(GeofenceOutline), typeof(HolidaySealings),
            typeof(Fleet.Domain.Settlement.RateCard), typeof(Fleet.Domain.Settlement.UnitStatement), typeof(Fleet.Domain.Records.Card), typeof(Fleet.Domain.Records.OutsideRecord)];

    public static TheoryData<Type> Aggregates => new(AggregateTypes);

    [Fact]
    public void Every_aggregate_of_the_domain_is_tested_here()
    {
        var withWhen = typeof(Trip).Assembly.GetExportedTypes().Where(t => WhenMethods(t).Count > 0);

        withWhen.Should().BeEquivalentTo(AggregateTypes);
    }

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void Every_event_with_a_when_is_folded_by_it(Type aggregate)
    {
        var whens = WhenMethods(aggregate);
        whens.Should().NotBeEmpty();
        var evolve = typeof(Evolution).GetMethod(nameof(Evolution.Evolve))!.MakeGenericMethod(aggregate);

        var unfolded = new List<string>();
        foreach (var when in whens)
        {
            var eventType = when.GetParameters()[0].ParameterType;
            var changed = false;
            foreach (var (stateSeed, eventSeed) in Seeds.TakeWhile(_ => !changed))
            {
                var state = new Sample(stateSeed).Of(aggregate);
                var e = new Sample(eventSeed).Of(eventType);

                var expected = when.Invoke(state, [e])!;
                var evolved = evolve.Invoke(null, [state, e])!;

                evolved.Should().BeEquivalentTo(expected, o => o.RespectingRuntimeTypes(), "{0}.Evolve folds {1} by its When", aggregate.Name, eventType.Name);
                changed |= !Same(expected, state);
            }

            if (!changed && !ReturnsItself(when)) unfolded.Add(eventType.Name);
        }

        unfolded.Should().BeEmpty("the sample event of each of these should change the sample state, or the test cannot tell a skipped When");
    }

    /// <summary>
    /// States and events from the same seed share their ids (the maintenance job or leave an event names is the
    /// aggregate's own), from different seeds they differ in every member. Tried in turn until one shows a change.
    /// </summary>
    private static readonly (int State, int Event)[] Seeds =
        [.. (from state in Enumerable.Range(1, 4) from e in Enumerable.Range(1, 4) select (state, e)).OrderBy(pair => pair.state == pair.e)];

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void Every_event_with_a_from_begins_the_aggregate_by_it(Type aggregate)
    {
        var froms = aggregate.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "From" && m.ReturnType == aggregate && m.GetParameters().Length == 1)
            .ToList();
        froms.Should().NotBeEmpty();
        var begin = typeof(Evolution).GetMethod(nameof(Evolution.Begin))!.MakeGenericMethod(aggregate);

        foreach (var from in froms)
        {
            var e = new Sample(2).Of(from.GetParameters()[0].ParameterType);

            begin.Invoke(null, [e]).Should().BeEquivalentTo(from.Invoke(null, [e]), o => o.RespectingRuntimeTypes(),
                "{0} begins with {1} by its From", aggregate.Name, e.GetType().Name);
        }
    }

    [Fact]
    public void An_event_that_begins_no_aggregate_begins_nothing()
    {
        Evolution.Begin<Trip>(new Sample(1).Of<OrganisationRenamed>()).Should().BeNull();
        Evolution.Begin<Trip>(new Sample(1).Of<TripApproved>()).Should().BeNull("an approval comes after a request, never first");
    }

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void The_events_of_an_aggregate_are_those_of_its_froms_and_whens(Type aggregate)
    {
        var declared = aggregate.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name is "From" or "When" && m.ReturnType == aggregate && m.GetParameters().Length == 1)
            .Select(m => m.GetParameters()[0].ParameterType);
        var eventsOf = typeof(Evolution).GetMethod(nameof(Evolution.EventsOf))!.MakeGenericMethod(aggregate);

        ((IEnumerable<Type>)eventsOf.Invoke(null, [])!).Should().BeEquivalentTo(declared.Distinct());
    }

    [Fact]
    public void An_event_the_aggregate_has_no_when_for_leaves_it_as_it_is()
    {
        var organisation = new Sample(1).Of<Organisation>();

        organisation.Evolve(new Sample(2).Of<TripRequested>()).Should().BeSameAs(organisation);
        organisation.Evolve("something else").Should().BeSameAs(organisation);
    }

    [Fact]
    public void Events_are_folded_in_turn()
    {
        var organisation = new Sample(1).Of<Organisation>();

        var folded = new object[] { new OrganisationRenamed(organisation.Id, "区机关事务管理局", Instant.FromUtc(2026, 1, 1, 0, 0)),
                new OrganisationClosed(organisation.Id, "机构改革", Instant.FromUtc(2026, 2, 1, 0, 0)) }
            .Aggregate(organisation, (state, e) => state.Evolve(e));

        folded.Should().Be(organisation with { Name = "区机关事务管理局", Closed = true });
    }

    private static IReadOnlyList<MethodInfo> WhenMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == "When" && m.ReturnType == type && m.GetParameters().Length == 1)
            .ToList();

    private static bool Same(object left, object right)
    {
        try
        {
            left.Should().BeEquivalentTo(right, o => o.RespectingRuntimeTypes());
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>A When that records nothing the aggregate's decisions need returns the aggregate as it is, on any sample.</summary>
    private static bool ReturnsItself(MethodInfo when)
    {
        var state = new Sample(3).Of(when.DeclaringType!);
        return ReferenceEquals(when.Invoke(state, [new Sample(4).Of(when.GetParameters()[0].ParameterType)]), state);
    }

    /// <summary>
    /// A value of any event or aggregate type, its members filled from the seed: two seeds give values that differ in
    /// every member, so that a When copying a member from the event always changes the state.
    /// </summary>
    private sealed class Sample(int seed)
    {
        public T Of<T>() => (T)Of(typeof(T));

        public object Of(Type type)
        {
            if (Nullable.GetUnderlyingType(type) is { } underlying) return Of(underlying);
            if (type == typeof(string)) return $"样例{seed}";
            if (type == typeof(Guid)) return new Guid(seed, 0, 0, new byte[8]);
            if (type == typeof(int)) return seed;
            if (type == typeof(long)) return (long)seed;
            if (type == typeof(decimal)) return seed + 0.5m;
            if (type == typeof(double)) return seed + 0.25;
            if (type == typeof(bool)) return seed % 2 == 0;
            if (type == typeof(Instant)) return Instant.FromUtc(2026, 1, seed, 0, 0);
            if (type == typeof(LocalDate)) return new LocalDate(2026, 1, seed);
            if (type == typeof(Duration)) return Duration.FromHours(seed);
            if (type == typeof(Interval)) return new Interval(Instant.FromUtc(2026, 1, seed, 0, 0), Instant.FromUtc(2026, 1, seed, 8, 0));
            if (type == typeof(Distance)) return new Distance(seed * 1000);
            if (type == typeof(PoolCode)) return PoolCode.TryParse($"42010{seed}", out var pool) ? pool : throw new InvalidOperationException();
            if (type.IsEnum) return Enum.GetValues(type).GetValue(seed % Enum.GetValues(type).Length)!;
            if (type.IsArray) return List(type.GetElementType()!, array: true);
            if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
                    || definition == typeof(ImmutableList<>) || definition == typeof(List<>)))
            {
                var items = List(type.GetGenericArguments()[0], array: false);
                return definition == typeof(ImmutableList<>)
                    ? typeof(ImmutableList).GetMethods().Single(m => m.Name == nameof(ImmutableList.CreateRange))
                        .MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [items])!
                    : items;
            }

            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                              ?? throw new InvalidOperationException($"No sample for {type}.");
            return constructor.Invoke(constructor.GetParameters().Select(p => Of(p.ParameterType)).ToArray());
        }

        private IList List(Type item, bool array)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(Of(item));
            if (!array) return list;
            var result = Array.CreateInstance(item, 1);
            list.CopyTo(result, 0);
            return result;
        }
    }
}
