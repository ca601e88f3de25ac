using System.Runtime;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// The garbage collector's settings the server ships with (ADR 023): written into the runtime configuration of the
/// server and of the demo host, and read by the runtime itself, not only written down.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private const long Gen0MaxBudget = 64 * 1024 * 1024;

    [Theory]
    [InlineData("Fleet.Server")]
    [InlineData("Fleet.Samples.DemoHost")]
    public void The_servers_collect_young_objects_with_the_larger_budget_on_the_workstation_collector(string application)
    {
        var file = Path.Combine(AppContext.BaseDirectory, $"{application}.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64().Should().Be(Gen0MaxBudget);
        properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse("on a few cores the server collector held requests for seconds");
    }

    [Fact]
    public void The_runtime_reads_the_budget_from_the_runtime_configuration()
    {
        // This process is configured by the same build settings; the collector reports what it took.
        var settings = GC.GetConfigurationVariables();
        settings.Should().ContainKey("GCGen0MaxBudget");
        Convert.ToInt64(settings["GCGen0MaxBudget"]).Should().Be(Gen0MaxBudget);
        GCSettings.IsServerGC.Should().BeFalse();
    }
}
