using Fleet.Domain.People;
using Fleet.Server.Integrity;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// A database whose chain was kept before events were sealed: its events carry no seals, its links are of the
/// original format and its digests were updated in place. After the upgrade it still verifies; the events stored
/// from then on are sealed and chained in the sealed format, and from the first of them on, a row without a valid
/// seal is forged (docs/adr/006).
/// </summary>
public sealed class ChainedBeforeSealsTests(ChainedBeforeSealsTests.FleetChainedBeforeSeals app) : IClassFixture<ChainedBeforeSealsTests.FleetChainedBeforeSeals>
{
    public sealed class FleetChainedBeforeSeals : FleetApp
    {
        public long LastUnsealed { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await this.RoadworthyVehicleAsync(Jiangan);
            await this.RoadworthyVehicleAsync(Jianghan);
            await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
            var chain = Host.Services.GetRequiredService<AuditChainStore>();
            await Host.DisposeAsync();
            ServerErrors.Clear();

            await using var source = new NpgsqlDataSourceBuilder(ConnectionString).UseNodaTime().Build();
            await using (var connection = await source.OpenConnectionAsync())
            {
                await ExecuteAsync(connection, """
                    drop table public.fleet_audit_seals;
                    delete from public.fleet_audit_links;
                    delete from public.fleet_audit_digests;
                    alter table public.fleet_audit_links drop column format;
                    do $$ declare pk text; begin
                        select conname into pk from pg_constraint where conrelid = 'public.fleet_audit_digests'::regclass and contype = 'p';
                        execute format('alter table public.fleet_audit_digests drop constraint %I', pk);
                    end $$;
                    alter table public.fleet_audit_digests add constraint pkey_fleet_audit_digests_chain_day primary key (chain, day);
                    delete from public.fleet_schema_fingerprint;
                    """);
                LastUnsealed = await ChainAsBeforeAsync(connection, chain);
            }

            Host = await StartHostAsync(ConnectionString, Settings);
        }

        /// <summary>The chain as it was kept before seals: original links, and each day's digest replaced as the day went on.</summary>
        private static async Task<long> ChainAsBeforeAsync(NpgsqlConnection connection, AuditChainStore chain)
        {
            var events = new List<ChainedEvent>();
            await using (var read = new NpgsqlCommand(
                             $"select {AuditChainStore.EventColumns.Replace("s.seal", "null::bytea")} from public.mt_events e order by e.seq_id", connection))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) events.Add(AuditChainStore.Read(reader));
            }

            var last = new Dictionary<string, byte[]>();
            var days = new Dictionary<(string, LocalDate), (long, byte[])>();
            foreach (var e in events)
            {
                foreach (var name in new[] { AuditChain.City, e.Pool })
                {
                    var link = AuditChain.Next(last.GetValueOrDefault(name, AuditChain.Genesis), e);
                    last[name] = link;
                    days[(name, chain.DayOf(e.Timestamp))] = (e.Sequence, link);
                    await using var insert = new NpgsqlCommand("insert into public.fleet_audit_links (chain, seq_id, link) values ($1, $2, $3)", connection)
                    {
                        Parameters = { new() { Value = name }, new() { Value = e.Sequence }, new() { Value = link } },
                    };
                    await insert.ExecuteNonQueryAsync();
                }
            }

            foreach (var ((name, day), (sequence, link)) in days)
            {
                await using var insert = new NpgsqlCommand("insert into public.fleet_audit_digests (chain, day, last_seq, link) values ($1, $2, $3, $4)", connection)
                {
                    Parameters = { new() { Value = name }, new() { Value = day, NpgsqlDbType = NpgsqlDbType.Date }, new() { Value = sequence }, new() { Value = link } },
                };
                await insert.ExecuteNonQueryAsync();
            }

            return events[^1].Sequence;
        }
    }

    [Fact]
    public async Task The_history_from_before_seals_still_verifies_and_what_follows_is_sealed()
    {
        var before = await VerifyAsync();
        before.GetProperty("intact").GetBoolean().Should().BeTrue(before.ToString());

        await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await ChainedAsync();

        Scalar($"select count(*) from public.fleet_audit_links where seq_id <= {app.LastUnsealed} and format <> 1")
            .Should().Be(0, "the links kept before the upgrade keep their original format");
        Scalar($"select count(*) from public.mt_events e where e.seq_id > {app.LastUnsealed} and not exists (select 1 from public.fleet_audit_seals s where s.seq_id = e.seq_id)")
            .Should().Be(0, "every event stored since is sealed");
        Scalar($"select count(*) from public.fleet_audit_links where seq_id > {app.LastUnsealed} and format <> 2")
            .Should().Be(0, "and chained in the sealed format");

        var after = await VerifyAsync();
        after.GetProperty("intact").GetBoolean().Should().BeTrue(after.ToString());
        after.GetProperty("eventsChecked").GetInt64().Should().Be(Scalar("select count(*) from public.mt_events"));

        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        var checkedAgainst = await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", export);
        checkedAgainst.GetProperty("intact").GetBoolean().Should().BeTrue(checkedAgainst.ToString());
        checkedAgainst.GetProperty("digestsChecked").GetInt32().Should().BeGreaterThan(0);
        export.GetProperty("digests").EnumerateArray().Where(d => d.GetProperty("chain").GetString() == "city").Max(d => d.GetProperty("lastSequence").GetInt64())
            .Should().Be(Scalar("select max(seq_id) from public.mt_events"), "the day's digest goes on with the chain, a new row each time");

        // A copy of an unsealed event from before the upgrade, appended now, is no longer history from before seals.
        var seq = Scalar($"""
            insert into public.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, causation_id, correlation_id, headers, user_name)
            select nextval('public.mt_events_sequence'), gen_random_uuid(), stream_id, 100, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                   causation_id, correlation_id, headers, user_name
            from public.mt_events where seq_id = (select max(seq_id) from public.mt_events where seq_id <= {app.LastUnsealed} and tenant_id = '420102')
            returning seq_id
            """);
        var forged = await VerifyAsync();
        forged.GetProperty("intact").GetBoolean().Should().BeFalse();
        var city = forged.GetProperty("breaks").EnumerateArray().Single(b => b.GetProperty("chain").GetString() == "city");
        city.GetProperty("sequence").GetInt64().Should().Be(seq);
        city.GetProperty("reason").GetString().Should().Be("forged");
    }

    private Task<System.Text.Json.JsonElement> VerifyAsync() => app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify?from=start");

    private async Task ChainedAsync()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        await AuditChainWatch.CaughtUpAsync(app.ConnectionString);
    }

    private long Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(app.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
