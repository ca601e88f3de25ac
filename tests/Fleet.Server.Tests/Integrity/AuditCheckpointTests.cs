using System.Globalization;
using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Server.Integrity;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Alba;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// Verification from the last signed checkpoint: a verification that finds a chain intact signs a checkpoint at its last
/// link, and the next one recomputes only the events after it. A change after the checkpoint is found by that quick run,
/// a change before it only by the full run from the first event; a checkpoint whose signature is not the server's is
/// passed over. A verification started in the background reports its progress until its result.
/// </summary>
public sealed class AuditCheckpointTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Events = "public.mt_events";
    private const string Checkpoints = "public.fleet_audit_checkpoints";
    private const string Verifications = "public.fleet_audit_verifications";

    [Fact]
    public async Task An_intact_run_signs_a_checkpoint_and_the_next_run_checks_only_the_events_after_it()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        var full = await VerifyAsync(FleetApp.City, "?from=start");
        full.GetProperty("intact").GetBoolean().Should().BeTrue(full.ToString());
        full.GetProperty("from").GetString().Should().Be("start");
        full.GetProperty("checkpointAt").ValueKind.Should().Be(JsonValueKind.Null);
        full.GetProperty("eventsChecked").GetInt64().Should().Be(Count($"select count(*) from {Events}"));

        var head = Count("select max(seq_id) from public.fleet_audit_links where chain = 'city'");
        var checkpoint = Checkpoint("city", head);
        checkpoint.Should().NotBeNull("an intact run signs a checkpoint at the chain's last link");
        checkpoint!.SignedBy(app.Host.Services.GetRequiredService<AuditSigner>()).Should().BeTrue();
        checkpoint.Link.Should().Equal(Scalar<byte[]>($"select link from public.fleet_audit_links where chain = 'city' and seq_id = {head}"));
        Checkpoint(FleetApp.JianganPool, Count($"select max(seq_id) from public.fleet_audit_links where chain = '{FleetApp.JianganPool}'"))
            .Should().NotBeNull("every chain found intact gets its own");

        await OwnRegistrationAsync(FleetApp.Jiangan);
        var quick = await VerifyAsync(FleetApp.City);
        quick.GetProperty("intact").GetBoolean().Should().BeTrue(quick.ToString());
        quick.GetProperty("from").GetString().Should().Be("checkpoint");
        quick.GetProperty("checkpointAt").ValueKind.Should().Be(JsonValueKind.String);
        quick.GetProperty("eventsChecked").GetInt64().Should().Be(Count($"select count(*) from {Events} where seq_id > {head}"),
            "only the events stored after the checkpoint are recomputed");
        Chain(quick, "city").GetProperty("checkpointSequence").GetInt64().Should().Be(head);

        var district = await VerifyAsync(FleetApp.Jiangan);
        district.GetProperty("intact").GetBoolean().Should().BeTrue();
        district.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chain").GetString()).Should().Equal(FleetApp.JianganPool);
    }

    [Fact]
    public async Task A_check_reads_the_chain_a_window_at_a_time_and_finds_a_change_windows_past_the_checkpoint()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        var checkpoint = Count("select max(seq_id) from public.fleet_audit_checkpoints where chain = 'city'");
        // Numbers taken and never stored put the next events more than two of the check's windows (5,000 numbers) past the checkpoint.
        Execute("select setval('public.mt_events_sequence', nextval('public.mt_events_sequence') + 12000)");
        var first = await OwnRegistrationAsync(FleetApp.Jiangan);
        var seq = await OwnRegistrationAsync(FleetApp.Jiangan);
        first.Should().BeGreaterThan(checkpoint + 12_000);

        var after = Count($"select count(*) from {Events} where seq_id > {checkpoint}");
        Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '6') where seq_id = {seq}");
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            Chain(report, "city").GetProperty("checkpointSequence").GetInt64().Should().Be(checkpoint);
            foreach (var chain in new[] { "city", FleetApp.JianganPool })
            {
                Break(report, chain).GetProperty("sequence").GetInt64().Should().Be(seq);
                Break(report, chain).GetProperty("reason").GetString().Should().Be("changed");
            }
        }
        finally
        {
            Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}");
        }

        var restored = await VerifyAsync(FleetApp.City);
        restored.GetProperty("intact").GetBoolean().Should().BeTrue(restored.ToString());
        restored.GetProperty("eventsChecked").GetInt64().Should().Be(after, "every event past the checkpoint is checked, window after window");
        Chain(restored, "city").GetProperty("checkpointSequence").GetInt64().Should().Be(checkpoint);
    }

    [Fact]
    public async Task A_change_after_the_checkpoint_is_found_by_the_default_run()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        var checkpoint = Count("select max(seq_id) from public.fleet_audit_checkpoints where chain = 'city'");

        var seq = await OwnRegistrationAsync(FleetApp.Jiangan);
        seq.Should().BeGreaterThan(checkpoint);
        Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '6') where seq_id = {seq}");
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            report.GetProperty("from").GetString().Should().Be("checkpoint");
            Chain(report, "city").GetProperty("checkpointSequence").GetInt64().Should().BeGreaterThanOrEqualTo(checkpoint);
            foreach (var chain in new[] { "city", FleetApp.JianganPool })
            {
                Break(report, chain).GetProperty("sequence").GetInt64().Should().Be(seq);
                Break(report, chain).GetProperty("reason").GetString().Should().Be("changed");
            }

            Count($"select count(*) from {Checkpoints} where chain in ('city', '{FleetApp.JianganPool}') and seq_id >= {seq}")
                .Should().Be(0, "no checkpoint is signed for a chain found broken");
        }
        finally
        {
            Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}");
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Fact]
    public async Task A_change_before_the_checkpoint_is_found_only_by_the_full_run()
    {
        var seq = await OwnRegistrationAsync(FleetApp.Jianghan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        Count($"select max(seq_id) from {Checkpoints} where chain = 'city'").Should().BeGreaterThanOrEqualTo(seq);

        Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '7') where seq_id = {seq}");
        try
        {
            var quick = await VerifyAsync(FleetApp.City);
            quick.GetProperty("intact").GetBoolean().Should().BeTrue("the default run starts after the checkpoint, past the change");
            quick.GetProperty("from").GetString().Should().Be("checkpoint");

            var full = await VerifyAsync(FleetApp.City, "?from=start");
            full.GetProperty("intact").GetBoolean().Should().BeFalse();
            full.GetProperty("from").GetString().Should().Be("start");
            foreach (var chain in new[] { "city", FleetApp.JianghanPool })
            {
                Break(full, chain).GetProperty("sequence").GetInt64().Should().Be(seq);
                Break(full, chain).GetProperty("reason").GetString().Should().Be("changed");
            }
        }
        finally
        {
            Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}");
        }

        (await VerifyAsync(FleetApp.City, "?from=start")).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Fact]
    public async Task A_checkpoint_whose_signature_is_not_the_servers_is_passed_over_for_the_one_before_or_the_first_event()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        var older = Count($"select max(seq_id) from {Checkpoints} where chain = 'city'");
        var seq = await OwnRegistrationAsync(FleetApp.Jiangan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        var newer = Count($"select max(seq_id) from {Checkpoints} where chain = 'city'");
        newer.Should().BeGreaterThanOrEqualTo(seq);

        // Whoever writes to the database moves the newest checkpoint past a change they make, and signs it as well as
        // they can: with a signature copied from another checkpoint, or none that any key made. The district's chain
        // is left with no checkpoint signed by the server at all.
        Execute($"""
            create table saved_checkpoints as select * from {Checkpoints};
            update {Checkpoints} set signature = (select signature from {Checkpoints} where chain = 'city' and seq_id = {older})
                where chain = 'city' and seq_id = {newer};
            update {Checkpoints} set signature = 'MEUCIQD3' where chain = '{FleetApp.JianganPool}';
            """);
        Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '9') where seq_id = {seq}");
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse("a forged checkpoint is not trusted to cover the change");
            Chain(report, "city").GetProperty("checkpointSequence").GetInt64().Should().Be(older, "the city's chain falls back to the checkpoint before");
            Chain(report, FleetApp.JianganPool).GetProperty("checkpointSequence").ValueKind
                .Should().Be(JsonValueKind.Null, "a chain without a genuine checkpoint is checked from its first event");
            foreach (var chain in new[] { "city", FleetApp.JianganPool })
            {
                Break(report, chain).GetProperty("sequence").GetInt64().Should().Be(seq);
                Break(report, chain).GetProperty("reason").GetString().Should().Be("changed");
            }
        }
        finally
        {
            Execute($"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}");
            Execute($"""
                delete from {Checkpoints}; insert into {Checkpoints} select * from saved_checkpoints; drop table saved_checkpoints;
                """);
        }

        var restored = await VerifyAsync(FleetApp.City);
        restored.GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
        Chain(restored, "city").GetProperty("checkpointSequence").GetInt64().Should().Be(newer);
    }

    [Fact]
    public async Task A_checkpoint_whose_position_the_stored_chain_no_longer_holds_is_passed_over()
    {
        await OwnRegistrationAsync(FleetApp.Jianghan);
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        var checkpoint = Count($"select max(seq_id) from {Checkpoints} where chain = '{FleetApp.JianghanPool}'");
        Execute($"""
            create table saved_link as select * from public.fleet_audit_links where chain = '{FleetApp.JianghanPool}' and seq_id = {checkpoint};
            update public.fleet_audit_links set format = 1 where chain = '{FleetApp.JianghanPool}' and seq_id = {checkpoint};
            """);
        try
        {
            var report = await VerifyAsync(FleetApp.Jianghan);
            var used = Chain(report, FleetApp.JianghanPool).GetProperty("checkpointSequence");
            (used.ValueKind == JsonValueKind.Null || used.GetInt64() < checkpoint).Should().BeTrue(
                "the link's format decides how the events after it are read: a changed one does not match the signed checkpoint");
            Break(report, FleetApp.JianghanPool).GetProperty("sequence").GetInt64().Should().Be(checkpoint, "run from before it, the changed link is found");
            Break(report, FleetApp.JianghanPool).GetProperty("reason").GetString().Should().Be("changed");
        }
        finally
        {
            Execute($"""
                delete from public.fleet_audit_links where chain = '{FleetApp.JianghanPool}' and seq_id = {checkpoint};
                insert into public.fleet_audit_links select * from saved_link; drop table saved_link;
                """);
        }
    }

    [Fact]
    public async Task A_verification_in_the_background_reports_rising_counts_and_then_its_result()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/audit/verifications/current", HttpStatusCode.NotFound)).Code()
            .Should().Be("audit.verification_not_started");

        // Holding the checkpoints' table stops the run after its first chain, where it signs that chain's checkpoint.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var locking = new NpgsqlCommand($"lock table {Checkpoints} in exclusive mode", holder, hold)) await locking.ExecuteNonQueryAsync();

        var started = await StartAsync("?from=start");
        var id = started.GetProperty("id").GetString();
        started.GetProperty("state").GetString().Should().Be("running");
        started.GetProperty("from").GetString().Should().Be("start");
        (await StartAsync("")).GetProperty("id").GetString()
            .Should().Be(id, "a second start joins the verification running");

        var seen = new List<long>();
        JsonElement status;
        for (var attempt = 0; ; attempt++)
        {
            status = await CurrentAsync();
            seen.Add(status.GetProperty("checked").GetInt64());
            var chains = status.GetProperty("chains").EnumerateArray().ToList();
            if (chains.Count > 0 && chains[0].GetProperty("checked").GetInt64() == chains[0].GetProperty("total").GetInt64() && chains[0].GetProperty("total").GetInt64() > 0)
                break;
            attempt.Should().BeLessThan(300, "the first chain is checked within a minute");
            await Task.Delay(200);
        }

        status.GetProperty("state").GetString().Should().Be("running");
        var halfway = status.GetProperty("checked").GetInt64();
        halfway.Should().BeLessThan(status.GetProperty("total").GetInt64(), "the other chains are still to be checked");
        status.GetProperty("percent").GetInt32().Should().BeInRange(1, 99);
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/audit/verifications/current", HttpStatusCode.NotFound)).Code()
            .Should().Be("audit.verification_not_started", "a district's supervisor follows the district's own verifications");

        await hold.CommitAsync();
        for (var attempt = 0; status.GetProperty("state").GetString() == "running"; attempt++)
        {
            attempt.Should().BeLessThan(300, "the verification finishes within a minute");
            await Task.Delay(200);
            status = await CurrentAsync();
            seen.Add(status.GetProperty("checked").GetInt64());
        }

        status.GetProperty("state").GetString().Should().Be("finished");
        status.GetProperty("id").GetString().Should().Be(id);
        status.GetProperty("percent").GetInt32().Should().Be(100);
        seen.Should().BeInAscendingOrder().And.Contain(halfway);
        seen[^1].Should().BeGreaterThan(halfway);
        var result = status.GetProperty("result");
        result.GetProperty("intact").GetBoolean().Should().BeTrue(result.ToString());
        result.GetProperty("from").GetString().Should().Be("start");
        result.GetProperty("eventsChecked").GetInt64().Should().Be(Count($"select count(*) from {Events}"));

        Task<JsonElement> CurrentAsync() => app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verifications/current");
    }

    [Fact]
    public async Task A_verification_another_node_runs_is_followed_and_joined_here_and_one_whose_node_stopped_is_failed_and_started_again()
    {
        // 江汉's supervisor; the row stands for a run on another node of the same database.
        var elsewhere = Guid.CreateVersion7();
        try
        {
            Report(elsewhere, "running", checkedSoFar: 40, beatSecondsAgo: 1);

            var followed = await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/audit/verifications/current");
            followed.GetProperty("id").GetGuid().Should().Be(elsewhere, "any node answers with the run as its node last reported it");
            followed.GetProperty("state").GetString().Should().Be("running");
            followed.GetProperty("checked").GetInt64().Should().Be(40);
            (await StartAsync(FleetApp.Jianghan, "")).GetProperty("id").GetGuid().Should().Be(elsewhere, "a start on this node joins the run on the other");

            Report(elsewhere, "running", checkedSoFar: 40, beatSecondsAgo: (int)AuditVerificationRuns.LostAfter.TotalSeconds + 5);
            (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/audit/verifications/current")).GetProperty("state").GetString()
                .Should().Be("failed", "its node stopped reporting, so nothing will come of it");

            var again = await StartAsync(FleetApp.Jianghan, "");
            var id = again.GetProperty("id").GetGuid();
            id.Should().NotBe(elsewhere, "a run whose node is lost is started again");
            JsonElement status;
            for (var attempt = 0; (status = await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/audit/verifications/current")).GetProperty("state").GetString() == "running"; attempt++)
            {
                attempt.Should().BeLessThan(300, "the verification finishes within a minute");
                await Task.Delay(200);
            }

            status.GetProperty("id").GetGuid().Should().Be(id);
            status.GetProperty("state").GetString().Should().Be("finished");
            status.GetProperty("result").GetProperty("intact").GetBoolean().Should().BeTrue();
        }
        finally
        {
            Execute($"delete from {Verifications} where scope = '{FleetApp.JianghanPool}'");
        }

        void Report(Guid run, string state, long checkedSoFar, int beatSecondsAgo)
        {
            var status = JsonSerializer.Serialize(new
            {
                id = run, state, from = "checkpoint", startedAt = "2026-11-20T01:00:00Z", finishedAt = (string?)null, @checked = checkedSoFar,
                total = 100L, percent = 40, chains = new[] { new { chain = FleetApp.JianghanPool, @checked = checkedSoFar, total = 100L } }, result = (object?)null,
            });
            Execute($"""
                insert into {Verifications} (scope, run_id, node, status, beat)
                values ('{FleetApp.JianghanPool}', '{run}', 'another-node', '{status}'::jsonb, now() - interval '{beatSecondsAgo} seconds')
                on conflict (scope) do update set run_id = excluded.run_id, node = excluded.node, status = excluded.status, beat = excluded.beat
                """);
        }
    }

    [Fact]
    public async Task A_start_other_than_the_checkpoint_or_the_first_event_is_refused_in_the_readers_language()
    {
        var refused = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify?from=yesterday", HttpStatusCode.BadRequest);
        refused.Code().Should().Be("audit.verification_start_invalid");
        refused.GetProperty("detail").GetString().Should().Contain("yesterday").And.Contain("检查点");

        var english = await app.ScenarioAs(FleetApp.City, Role.Supervisor, s =>
        {
            s.Post.Url("/api/audit/verifications?from=yesterday");
            s.WithRequestHeader("Accept-Language", "en");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        (await english.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("from the first event ('from=start')");
    }

    /// <summary>Starts a verification as the city's supervisor: a POST without a body, as the page's form sends it.</summary>
    private Task<JsonElement> StartAsync(string query) => StartAsync(FleetApp.City, query);

    private async Task<JsonElement> StartAsync(string pool, string query)
    {
        var started = await app.ScenarioAs(pool, Role.Supervisor, s =>
        {
            s.Post.Url("/api/audit/verifications" + query);
            s.StatusCodeShouldBeOk();
        });
        return await started.ReadAsJsonAsync<JsonElement>();
    }

    private AuditCheckpoint? Checkpoint(string chain, long sequence)
    {
        using var connection = new NpgsqlConnection(app.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            $"select link, format, verified_at, key_id, signature from {Checkpoints} where chain = @chain and seq_id = @seq", connection);
        command.Parameters.AddWithValue("chain", chain);
        command.Parameters.AddWithValue("seq", sequence);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new AuditCheckpoint(chain, sequence, (byte[])reader[0], (LinkFormat)reader.GetInt16(1),
            NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)),
            reader.GetString(3), reader.GetString(4));
    }

    private static JsonElement Break(JsonElement report, string chain) =>
        report.GetProperty("breaks").EnumerateArray().Single(b => b.GetProperty("chain").GetString() == chain);

    private static JsonElement Chain(JsonElement report, string chain) =>
        report.GetProperty("chains").EnumerateArray().Single(b => b.GetProperty("chain").GetString() == chain);

    private Task<JsonElement> VerifyAsync(string pool, string query = "") => app.GetAs(pool, Role.Supervisor, "/api/audit/verify" + query);

    /// <summary>A car of <paramref name="pool"/> registered for the calling test alone, chained; the sequence number of its registration.</summary>
    private async Task<long> OwnRegistrationAsync(string pool)
    {
        var vehicle = await app.RoadworthyVehicleAsync(pool);
        await ChainedAsync();
        return Count($"select seq_id from {Events} where stream_id = '{vehicle}' and type = 'vehicle_registered'");
    }

    /// <summary>Waits until the keeper has chained every stored event.</summary>
    private async Task ChainedAsync()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        await AuditChainWatch.CaughtUpAsync(app.ConnectionString);
    }

    private long Count(string sql) => Convert.ToInt64(Scalar<object>(sql), CultureInfo.InvariantCulture);

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
