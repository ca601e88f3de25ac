using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Audit;

/// <summary>
/// The tamper-evident chain over the event store: an untouched store verifies clean, and every way of changing
/// stored events directly in PostgreSQL — a changed byte of data, another actor, a deleted row, two rows swapped, a
/// truncated tail, and a rewrite of events and links together — is found, at the event it concerns.
/// </summary>
public sealed class AuditChainTests(FleetApp app) : IClassFixture<FleetApp>, IAsyncLifetime
{
    private const string Events = "public.mt_events";

    public async Task InitializeAsync()
    {
        if (await CountAsync($"select count(*) from {Events} where type = 'vehicle_registered'") >= 4) return;
        foreach (var pool in new[] { FleetApp.Jiangan, FleetApp.Jiangan, FleetApp.Jianghan, FleetApp.Jianghan })
            await app.RoadworthyVehicleAsync(pool);
        await ChainedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_untouched_store_verifies_clean_for_the_city_and_for_each_district()
    {
        var city = await VerifyAsync(FleetApp.City);
        city.GetProperty("intact").GetBoolean().Should().BeTrue(city.ToString());
        city.GetProperty("eventsChecked").GetInt64().Should().Be(await CountAsync($"select count(*) from {Events}"));

        var district = await VerifyAsync(FleetApp.Jiangan);
        district.GetProperty("intact").GetBoolean().Should().BeTrue();
        district.GetProperty("eventsChecked").GetInt64().Should().Be(await CountAsync($"select count(*) from {Events} where tenant_id = '420102'"),
            "a district checks its own chain");
    }

    [Fact]
    public async Task A_changed_byte_of_data_is_found_at_its_event() =>
        await TamperedAsync(
            seq => $"update {Events} set data = jsonb_set(data, '{{seats}}', '6') where seq_id = {seq}",
            seq => $"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}",
            "changed");

    [Fact]
    public async Task Another_actor_is_found_at_its_event()
    {
        var actor = "";
        await TamperedAsync(
            seq =>
            {
                actor = Scalar<string>($"select user_name from {Events} where seq_id = {seq}");
                return $"update {Events} set user_name = '{Guid.NewGuid()}' where seq_id = {seq}";
            },
            seq => $"update {Events} set user_name = '{actor}' where seq_id = {seq}",
            "changed");
    }

    [Fact]
    public async Task A_deleted_row_is_found_where_it_was() =>
        await TamperedAsync(
            seq => $"create table saved_{seq} as select * from {Events} where seq_id = {seq}; delete from {Events} where seq_id = {seq}",
            seq => $"insert into {Events} select * from saved_{seq}; drop table saved_{seq}",
            "missing");

    [Fact]
    public async Task Two_swapped_rows_are_found_at_the_first()
    {
        var second = 0L;
        await TamperedAsync(
            seq =>
            {
                second = Scalar<long>($"select min(seq_id) from {Events} where type = 'vehicle_registered' and seq_id > {seq}");
                return Swap(seq, second);
            },
            seq => Swap(seq, second),
            "changed");

        static string Swap(long first, long second) => $"""
            update {Events} e set data = o.data from {Events} o
            where (e.seq_id, o.seq_id) in (({first}, {second}), ({second}, {first}))
            """;
    }

    [Fact]
    public async Task A_truncated_tail_is_found_at_the_first_missing_event()
    {
        var last = await CountAsync($"select max(seq_id) from public.fleet_audit_links where chain = 'city'");
        Execute($"create table saved_tail as select * from {Events} where seq_id > {last} - 3; delete from {Events} where seq_id > {last} - 3");
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            var city = Break(report, "city");
            city.GetProperty("sequence").GetInt64().Should().Be(last - 2);
            city.GetProperty("reason").GetString().Should().Be("missing");
        }
        finally
        {
            Execute($"insert into {Events} select * from saved_tail; drop table saved_tail");
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Fact]
    public async Task Events_and_links_rewritten_together_still_differ_from_the_exported_digests()
    {
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        export.GetProperty("digests").GetArrayLength().Should().BeGreaterThan(0);
        (await VerifyAgainstAsync(export)).GetProperty("intact").GetBoolean().Should().BeTrue();

        // Someone with write access changes a registration and recomputes every link after it: the stored chain is consistent again.
        var seq = await CountAsync($"select min(seq_id) from {Events} where type = 'vehicle_registered'");
        Execute($"create table saved_links as select * from public.fleet_audit_links; update {Events} set data = jsonb_set(data, '{{seats}}', '7') where seq_id = {seq}");
        try
        {
            await RechainAsync();
            (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the rewritten chain is consistent in itself");

            var report = await VerifyAgainstAsync(export);
            report.GetProperty("intact").GetBoolean().Should().BeFalse("the digests kept outside the system do not match the rewrite");
            report.GetProperty("breaks").EnumerateArray().Should().Contain(b => b.GetProperty("reason").GetString() == "digest");
        }
        finally
        {
            Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}; delete from public.fleet_audit_links; " +
                    "insert into public.fleet_audit_links select * from saved_links; drop table saved_links");
        }

        // An edited digest file is refused before anything is compared.
        var edited = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(export.GetRawText())!;
        edited["sha256"] = JsonSerializer.SerializeToElement(new string('0', 64));
        var refused = await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", edited, HttpStatusCode.BadRequest);
        refused.Code().Should().Be("audit.digest_file_altered");
    }

    [Fact]
    public async Task Only_supervisors_verify_the_chain()
    {
        await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, "/api/audit/verify", HttpStatusCode.Forbidden);
        await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/audit/digests", HttpStatusCode.Forbidden);
    }

    /// <summary>Tampers with the first vehicle registration, checks the break is found there in the city's and the pool's chain, and puts it back.</summary>
    private async Task TamperedAsync(Func<long, string> tamper, Func<long, string> restore, string reason)
    {
        var seq = await CountAsync($"select min(seq_id) from {Events} where type = 'vehicle_registered' and tenant_id = '420102'");
        Execute(tamper(seq));
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            foreach (var chain in new[] { "city", "420102" })
            {
                var broken = Break(report, chain);
                broken.GetProperty("sequence").GetInt64().Should().Be(seq, $"the {chain} chain breaks at the tampered event");
                broken.GetProperty("reason").GetString().Should().Be(reason);
            }

            report.GetProperty("breaks").EnumerateArray().Should().NotContain(b => b.GetProperty("chain").GetString() == "420103",
                "the other district's chain is untouched");
        }
        finally
        {
            Execute(restore(seq));
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    private static JsonElement Break(JsonElement report, string chain) =>
        report.GetProperty("breaks").EnumerateArray().Single(b => b.GetProperty("chain").GetString() == chain);

    private Task<JsonElement> VerifyAsync(string pool) => app.GetAs(pool, Role.Supervisor, "/api/audit/verify");

    private Task<JsonElement> VerifyAgainstAsync(JsonElement export) => app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", export);

    /// <summary>Waits until the keeper has chained every stored event.</summary>
    private async Task ChainedAsync()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var events = await CountAsync($"select coalesce(max(seq_id), 0) from {Events}");
            var chained = await CountAsync("select coalesce(max(seq_id), 0) from public.fleet_audit_links where chain = 'city'");
            if (chained == events) return;
            await Task.Delay(200);
        }

        throw new TimeoutException("The audit chain did not catch up with the events.");
    }

    /// <summary>What an intruder with write access would do: recompute every stored link from the (changed) events.</summary>
    private async Task RechainAsync()
    {
        Execute("delete from public.fleet_audit_links; delete from public.fleet_audit_digests");
        await ChainedAsync();
    }

    private Task<long> CountAsync(string sql) => Task.FromResult(Convert.ToInt64(Scalar<object>(sql), System.Globalization.CultureInfo.InvariantCulture));

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(app.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(app.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
