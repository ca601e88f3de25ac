using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// A node's connection pools against what each PostgreSQL server allows: a start says when one node alone may open more
/// connections than the server takes, before a burst of them is refused with "too many clients".
/// </summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public void Each_server_counts_two_pools_of_every_database_of_it_at_their_maximum_size()
    {
        var servers = ConnectionBudget.Servers([
            "Host=pg1;Port=5432;Database=hubei;Maximum Pool Size=40",
            "Host=PG1;Port=5432;Database=wuhan",
            "Host=pg2;Port=5433;Database=xiangyang;Maximum Pool Size=10",
        ]);

        servers.Should().BeEquivalentTo([
            new ConnectionBudget.Server("pg1:5432", ["hubei", "wuhan"], 2 * 40 + 2 * 100),
            new ConnectionBudget.Server("pg2:5433", ["xiangyang"], 20),
        ], o => o.WithStrictOrdering());
        ConnectionBudget.Overdrawn(servers[1], allowed: 97).Should().BeNull();
        ConnectionBudget.Overdrawn(servers[0], allowed: 97).Should()
            .Contain("may open 280 connections to the PostgreSQL server at pg1:5432").And.Contain("hubei, wuhan")
            .And.Contain("the server allows 97").And.Contain("Set Maximum Pool Size");
    }

    [Theory]
    [InlineData(40, false)]
    [InlineData(200, true)]
    public async Task A_start_asks_the_server_how_many_connections_it_allows(int maxPoolSize, bool overdrawn)
    {
        var database = TestPostgres.CreateDatabase("budget");
        try
        {
            var configuration = new ConfigurationBuilder().Build();
            var pooled = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = maxPoolSize }.ConnectionString;
            await using var main = FleetDatabase.Connect(pooled, configuration);
            await using var databases = new FleetDatabases(main, CityMap.From(configuration), configuration);
            var allowed = await ProvinceFleet.ScalarAsync<int>(database,
                "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int");

            var sentences = await new ConnectionBudget(databases, NullLogger<ConnectionBudget>.Instance).OverdrawnAsync(CancellationToken.None);

            if (overdrawn) sentences.Should().ContainSingle().Which.Should().Contain($"may open {2 * maxPoolSize} connections").And.Contain($"allows {allowed}");
            else sentences.Should().BeEmpty($"{2 * maxPoolSize} connections fit in {allowed}");
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }
}
