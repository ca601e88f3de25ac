using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests;

/// <summary>
/// A province on two PostgreSQL clusters and three server processes (ADR 025): trips run in all three cities while the node
/// running a database's projections is killed — twice, for two databases — and the cluster of two cities is stopped in
/// immediate mode. Nothing acknowledged is lost or written twice in any city's database, no agent runs on two nodes at once,
/// each killed node's agents move and catch up, and the city on the other cluster keeps answering while the first is down.
/// </summary>
public sealed class ProvinceReliabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_cities_on_two_clusters_lose_and_duplicate_nothing_while_nodes_die_and_a_cluster_stops()
    {
        var result = await ProvinceRun.ExecuteAsync(ReliabilityRun.Scaled(TimeSpan.FromSeconds(60)));

        foreach (var note in result.Notes) output.WriteLine(note);
        foreach (var (database, findings) in result.Databases) output.WriteLine($"{database}:{Environment.NewLine}{findings.Describe()}");
        output.WriteLine($"agents observed {result.Agents.Rounds} times; runners: " +
                         string.Join("; ", result.Agents.RunnersSeen.Select(r => $"{r.Key} on nodes {string.Join(", ", r.Value.Order().Select(n => n + 1))}")));
        output.WriteLine(result.Verification.GetRawText());

        result.Logs.Sum(l => l.ServerErrors).Should().Be(0, string.Join(Environment.NewLine, result.Logs.SelectMany(l => l.ServerErrorBodies).Take(5)));
        foreach (var (city, tally) in result.Trips) tally.Finished.Should().BeGreaterThan(0, $"people of {city} finished trips");
        foreach (var findings in result.Databases.Values) ReliabilityTests.ShouldHoldTheStore(findings);

        result.Kills.Should().Be(2);
        result.ClusterCrashes.Should().Be(1);
        result.Agents.Overlaps.Should().Be(0, string.Join("; ", result.Agents.OverlapsSeen));
        result.Agents.MovedDatabases.Should().BeEquivalentTo(["city-420600-429004", "city-420100"], "each kill moved the agents of the database it ran");

        result.WhileXiangyangWasDown.PageAnswered.Should().BeTrue("Wuhan's pages answer while another city's database is down");
        result.WhileXiangyangWasDown.Command.Should().Be(Outcome.Acknowledged, "Wuhan's commands are carried out meanwhile");
        result.WhileXiangyangWasDown.WuhanAcknowledgedMeanwhile.Should().BeGreaterThan(0, "Wuhan's people kept working");

        result.Verification.GetProperty("intact").GetBoolean().Should().BeTrue("every city's chain covers its events, unbroken");
        var overview = result.Overview;
        overview.GetProperty("unavailable").GetArrayLength().Should().Be(0);
        overview.GetProperty("province").GetProperty("trips").GetInt64().Should().Be(result.Databases.Values.Sum(f => f.TripsFinished),
            "the province's sums are the cities' own");
    }
}
