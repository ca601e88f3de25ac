using System.Reflection;
using Fleet.Domain.Common;
using Fleet.Projections.AggregateState;
using Fleet.Server.Hosting;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>Dependencies point one way (ARCHITECTURE: Server → Projections → Domain), and the demo city stays a sample.</summary>
public class DependencyDirectionTests
{
    private static IEnumerable<string> ReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("Fleet.", StringComparison.Ordinal));

    [Fact]
    public void The_production_server_does_not_carry_the_demo_city()
    {
        ReferencesOf(typeof(FleetHost).Assembly).Should().BeEquivalentTo("Fleet.Domain", "Fleet.Projections", "Fleet.Jt808");
    }

    [Fact]
    public void The_terminal_protocol_stands_on_nothing_of_fleet()
    {
        // The JT/T 808 gateway can run as a process of its own: it speaks to the fleet only through its two ports.
        ReferencesOf(typeof(Fleet.Jt808.Session.Jt808Listener).Assembly).Should().BeEmpty();
    }

    [Fact]
    public void Projections_stand_on_the_domain_only_and_the_domain_on_nothing_of_fleet()
    {
        ReferencesOf(typeof(AggregateStateProjection<>).Assembly).Should().BeEquivalentTo("Fleet.Domain");
        ReferencesOf(typeof(Evolution).Assembly).Should().BeEmpty();
        typeof(Evolution).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain(name => name!.StartsWith("Marten") || name.StartsWith("JasperFx") || name.StartsWith("Wolverine"));
    }

    [Fact]
    public void Infrastructure_knows_no_module()
    {
        var modules = FleetModules.All.Select(m => m.GetType().Namespace!).ToHashSet();
        var infrastructure = typeof(FleetHost).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Fleet.Server.Infrastructure", StringComparison.Ordinal) == true);

        var leaks = from type in infrastructure
                    from member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    from used in TypesIn(member)
                    where used.Namespace is { } ns && modules.Any(m => ns == m || ns.StartsWith(m + ".", StringComparison.Ordinal))
                    select $"{type.Name}.{member.Name} uses {used.FullName}";

        leaks.Should().BeEmpty();
    }

    private static IEnumerable<Type> TypesIn(MemberInfo member) => member switch
    {
        FieldInfo f => [f.FieldType],
        PropertyInfo p => [p.PropertyType],
        MethodInfo m => [m.ReturnType, .. m.GetParameters().Select(p => p.ParameterType)],
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
        _ => [],
    };
}
