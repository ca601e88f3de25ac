using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// The tamper-evident chain over the event store: an untouched store verifies clean, and every way of changing
/// stored events directly in PostgreSQL — a changed byte of data, another actor, role, correlation, causation,
/// idempotency key or event id, a deleted row, two rows swapped, a truncated tail, a row inserted by hand (made up,
/// or copied from a genuine one with or without its seal), and a rewrite of events and links together — is found, at
/// the event it concerns. Each test tampers with records it wrote itself, whatever the other tests left in the store.
/// </summary>
public sealed class AuditChainTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Events = "public.mt_events";
    private const string Seals = "public.fleet_audit_seals";

    [Fact]
    public async Task An_untouched_store_verifies_clean_for_the_city_and_for_each_district()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        await OwnRegistrationAsync(FleetApp.Jianghan);

        var city = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify?from=start");
        city.GetProperty("intact").GetBoolean().Should().BeTrue(city.ToString());
        city.GetProperty("eventsChecked").GetInt64().Should().Be(await CountAsync($"select count(*) from {Events}"));

        var district = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/audit/verify?from=start");
        district.GetProperty("intact").GetBoolean().Should().BeTrue();
        district.GetProperty("eventsChecked").GetInt64().Should().Be(await CountAsync($"select count(*) from {Events} where tenant_id = '420102'"),
            "a district checks its own chain");
    }

    [Fact]
    public async Task A_changed_byte_of_data_is_found_at_its_event() =>
        await TamperedAsync(await OwnRegistrationAsync(FleetApp.Jiangan),
            seq => $"update {Events} set data = jsonb_set(data, '{{seats}}', '6') where seq_id = {seq}",
            seq => $"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}",
            "changed");

    [Fact]
    public async Task Another_actor_is_found_at_its_event()
    {
        var actor = "";
        await TamperedAsync(await OwnRegistrationAsync(FleetApp.Jiangan),
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
        await TamperedAsync(await OwnRegistrationAsync(FleetApp.Jiangan),
            seq => $"create table saved_{seq} as select * from {Events} where seq_id = {seq}; delete from {Events} where seq_id = {seq}",
            seq => $"insert into {Events} select * from saved_{seq}; drop table saved_{seq}",
            "missing");

    [Fact]
    public async Task Two_swapped_rows_are_found_at_the_first()
    {
        var first = await OwnRegistrationAsync(FleetApp.Jiangan);
        var second = await OwnRegistrationAsync(FleetApp.Jiangan);
        await TamperedAsync(first, seq => Swap(seq, second), seq => Swap(seq, second), "changed");

        static string Swap(long first, long second) => $"""
            update {Events} e set data = o.data from {Events} o
            where (e.seq_id, o.seq_id) in (({first}, {second}), ({second}, {first}))
            """;
    }

    [Theory]
    [InlineData("headers = jsonb_set(headers, '{role}', '\"Supervisor\"')")]
    [InlineData("correlation_id = 'another-request'")]
    [InlineData("causation_id = 'another-cause'")]
    [InlineData("headers = jsonb_set(headers, '{idempotency-key}', '\"another-key\"')")]
    [InlineData("id = gen_random_uuid()")]
    public async Task A_changed_column_an_auditor_relies_on_is_found_at_its_event(string change) =>
        await TamperedAsync(await OwnRegistrationAsync(FleetApp.Jiangan),
            seq => $"""
                create table saved_{seq} as select * from {Events} where seq_id = {seq};
                update {Events} set {change} where seq_id = {seq};
                """,
            seq => $"delete from {Events} where seq_id = {seq}; insert into {Events} select * from saved_{seq}; drop table saved_{seq}",
            "changed",
            seq => CountAsync($"select count(*) from {Events} e join saved_{seq} s using (seq_id) where row(e.*) is distinct from row(s.*)"));

    [Fact]
    public async Task A_role_header_made_supervisor_is_found_by_the_command_too()
    {
        var seq = await OwnRegistrationAsync(FleetApp.Jiangan);
        Scalar<string>($"select headers->>'role' from {Events} where seq_id = {seq}").Should().Be(nameof(Role.FleetAdmin), "the vehicle was registered by its fleet admin");
        Execute($"update {Events} set headers = jsonb_set(headers, '{{role}}', '\"Supervisor\"') where seq_id = {seq}");
        try
        {
            var (exitCode, output) = await AuditVerifyCommandAsync();
            exitCode.Should().NotBe(0, output);
            var city = Break(ReportIn(output), "city");
            city.GetProperty("sequence").GetInt64().Should().Be(seq);
            city.GetProperty("reason").GetString().Should().Be("changed");
        }
        finally
        {
            Execute($"update {Events} set headers = jsonb_set(headers, '{{role}}', '\"FleetAdmin\"') where seq_id = {seq}");
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Theory]
    [InlineData(Insertion.MadeUp)]
    [InlineData(Insertion.Copied)]
    [InlineData(Insertion.CopiedWithItsSeal)]
    [InlineData(Insertion.CopiedWithItsIdAndSeal)]
    public async Task An_event_inserted_by_hand_is_named_as_forged_and_never_chained_as_genuine(Insertion insertion)
    {
        // A request of this test's own, whose copies would inflate the district's figures on their way up.
        var trip = await app.RequestTripAsync(FleetApp.Jiangan);
        await ChainedAsync();
        var original = await CountAsync($"select seq_id from {Events} where stream_id = '{trip.Id}' and type = 'trip_requested'");
        var stream = Guid.NewGuid();
        // What a database administrator can write: a new stream, a row copied from a genuine request and, for the
        // cleverer, its seal copied along.
        Execute($"""
            create table forged_stream as select * from public.mt_streams where id = (select stream_id from {Events} where seq_id = {original});
            update forged_stream set id = '{stream}';
            insert into public.mt_streams select * from forged_stream; drop table forged_stream;
            create table forged_event as select * from {Events} where seq_id = {original};
            update forged_event set seq_id = nextval('public.mt_events_sequence'), stream_id = '{stream}'
                {(insertion == Insertion.CopiedWithItsIdAndSeal ? "" : ", id = gen_random_uuid()")}
                {(insertion == Insertion.MadeUp ? ", data = jsonb_set(data, '{passengers}', '4')" : "")};
            """);
        var seq = await CountAsync($"insert into {Events} select * from forged_event returning seq_id");
        Execute("drop table forged_event");
        if (insertion is Insertion.CopiedWithItsSeal or Insertion.CopiedWithItsIdAndSeal)
            Execute($"insert into {Seals} (seq_id, seal) select {seq}, seal from {Seals} where seq_id = {original}");
        try
        {
            await ForgedAtAsync(seq, "before the keeper reaches it, the seal it lacks names it");

            await ChainedAsync();
            Scalar<short>($"select format from public.fleet_audit_links where chain = 'city' and seq_id = {seq}")
                .Should().Be(0, "the keeper chains the row as forged, so what follows stays covered, never as genuine");
            Scalar<short>($"select format from public.fleet_audit_links where chain = 'city' and seq_id = {original}").Should().Be(2);
            app.ServerErrors.Entries.Should().Contain(e => e.Contains($"Event {seq} ") && e.Contains("no valid seal"));
            await ForgedAtAsync(seq, "once chained, it is still named as forged");

            if (insertion == Insertion.MadeUp)
            {
                var (exitCode, output) = await AuditVerifyCommandAsync();
                exitCode.Should().NotBe(0, output);
                var city = Break(ReportIn(output), "city");
                city.GetProperty("sequence").GetInt64().Should().Be(seq);
                city.GetProperty("reason").GetString().Should().Be("forged");
            }
        }
        finally
        {
            // Nothing was chained after it: taking it out with its links and digests leaves the history as it was.
            Execute($"""
                delete from {Events} where seq_id = {seq}; delete from public.mt_streams where id = '{stream}'; delete from {Seals} where seq_id = {seq};
                delete from public.fleet_audit_links where seq_id >= {seq}; delete from public.fleet_audit_digests where last_seq >= {seq};
                """);
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    public enum Insertion
    {
        MadeUp,
        Copied,
        CopiedWithItsSeal,
        CopiedWithItsIdAndSeal,
    }

    [Fact]
    public async Task The_numbers_a_save_that_lost_its_race_had_taken_are_chained_as_vacant_and_verify()
    {
        var vehicle = await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await ChainedAsync();
        var before = await CountAsync($"select coalesce(max(seq_id), 0) from {Events}");

        // Two admins registering one plate at once: the second save had numbers for its events when the plate's unique
        // index refused it, and Marten fills them with its empty tombstones, which no session of Fleet's writes or seals.
        await using (var session = app.Store.LightweightSession(FleetApp.JianganPool))
        {
            var registered = (Fleet.Domain.Vehicles.VehicleRegistered)(await session.Events.FetchStreamAsync(vehicle))[0].Data;
            var twin = Guid.NewGuid();
            session.Events.StartStream(twin, registered with { VehicleId = twin });
            await session.Invoking(s => s.SaveChangesAsync()).Should().ThrowAsync<Exception>();
        }

        long vacant = 0;
        for (var attempt = 0; attempt < 100 && vacant == 0; attempt++)
        {
            vacant = await CountAsync($"select coalesce(max(seq_id), 0) from {Events} where type = 'tombstone' and seq_id > {before}");
            if (vacant == 0) await Task.Delay(100);
        }

        vacant.Should().BePositive("Marten writes a tombstone at the number the failed save had taken");
        (await CountAsync($"select count(*) from {Seals} where seq_id = {vacant}")).Should().Be(0);
        await ChainedAsync();
        foreach (var chain in new[] { "city", "420102" })
            Scalar<short>($"select format from public.fleet_audit_links where chain = '{chain}' and seq_id = {vacant}").Should().Be(3, $"the {chain} chain holds it as vacant");
        app.ServerErrors.Entries.Should().NotContain(e => e.Contains($"Event {vacant} "), "a vacant number is no forgery");
        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue();
        (await VerifyAsync(FleetApp.Jiangan)).GetProperty("intact").GetBoolean().Should().BeTrue("the district's chain holds it too");

        var feed = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/exchange/feed?after={before}&limit=1000");
        feed.GetProperty("items").EnumerateArray().Should().NotContain(e => e.GetProperty("type").GetString() == "fleet.tombstone",
            "the exchange feed carries what happened, not the numbers a failed save left");
        // Marten leaves a tombstone's moment unset (-infinity): asked for everything before 2000, the trail holds nothing.
        var trail = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/audit/events?to=2000-01-01");
        trail.GetProperty("totalItems").GetInt64().Should().Be(0, "the audit trail shows what people did, not the numbers a failed save left");

        // Only the exact empty tombstone is vacant: a copy of it that carries anything is a row Fleet did not write.
        Execute($$"""
            create table forged_tombstone as select * from {{Events}} where seq_id = {{vacant}};
            update forged_tombstone set seq_id = nextval('public.mt_events_sequence'), id = gen_random_uuid(), data = '{"passengers": 4}';
            update forged_tombstone set version = seq_id;
            """);
        var forged = await CountAsync($"insert into {Events} select * from forged_tombstone returning seq_id");
        Execute("drop table forged_tombstone");
        try
        {
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            Break(report, "city").GetProperty("sequence").GetInt64().Should().Be(forged);
            Break(report, "city").GetProperty("reason").GetString().Should().Be("forged");
        }
        finally
        {
            Execute($"""
                delete from {Events} where seq_id = {forged};
                delete from public.fleet_audit_links where seq_id >= {forged}; delete from public.fleet_audit_digests where last_seq >= {forged};
                """);
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Fact]
    public async Task A_genuine_event_made_to_look_vacant_is_found_by_the_seal_it_keeps()
    {
        var seq = await OwnRegistrationAsync(FleetApp.Jianghan);
        Execute($"create table saved_event as select * from {Events} where seq_id = {seq}");
        // Hiding a registration behind a vacant number and rechaining everything: the registration's seal is still there.
        await RechainedAndForgedAsync(seq,
            $$"""
            insert into public.mt_streams (id, tenant_id, version, is_archived) values ('{{JasperFx.Events.Tombstone.StreamId}}', '420103', 0, false)
            on conflict do nothing;
            update {{Events}} set type = 'tombstone', stream_id = '{{JasperFx.Events.Tombstone.StreamId}}', version = seq_id, data = '{}' where seq_id = {{seq}}
            """,
            $"delete from {Events} where seq_id = {seq}; insert into {Events} select * from saved_event; drop table saved_event");
    }

    [Fact]
    public async Task An_event_changed_and_rechained_is_found_by_its_seal()
    {
        var seq = await OwnRegistrationAsync(FleetApp.Jianghan);
        // Whoever recomputes every link after the change cannot recompute the event's seal without the key.
        await RechainedAndForgedAsync(seq,
            $"update {Events} set data = jsonb_set(data, '{{seats}}', '7') where seq_id = {seq}",
            $"update {Events} set data = jsonb_set(data, '{{seats}}', '5') where seq_id = {seq}");
    }

    /// <summary>
    /// Changes a registration of Jianghan's and recomputes every link, as an intruder with write access would: both the
    /// city's chain and the district's name the event as forged. Then puts everything back.
    /// </summary>
    private async Task RechainedAndForgedAsync(long seq, string change, string restore)
    {
        Execute("create table saved_links as select * from public.fleet_audit_links; create table saved_digests as select * from public.fleet_audit_digests");
        try
        {
            Execute(change);
            await RechainAsync();
            var report = await VerifyAsync(FleetApp.City);
            report.GetProperty("intact").GetBoolean().Should().BeFalse();
            foreach (var chain in new[] { "city", "420103" })
            {
                Break(report, chain).GetProperty("sequence").GetInt64().Should().Be(seq);
                Break(report, chain).GetProperty("reason").GetString().Should().Be("forged");
            }
        }
        finally
        {
            RestoreLinks(restore);
        }

        (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the restored store verifies again");
    }

    [Fact]
    public async Task A_truncated_tail_is_found_at_the_first_missing_event()
    {
        // The car's registration, inspection and insurance are the last three events stored.
        await OwnRegistrationAsync(FleetApp.Jiangan);
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
        var seq = await OwnRegistrationAsync(FleetApp.Jiangan);
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        export.GetProperty("digests").GetArrayLength().Should().BeGreaterThan(0);
        (await VerifyAgainstAsync(export)).GetProperty("intact").GetBoolean().Should().BeTrue();

        // Someone with write access removes a registration, seal and all, and recomputes every link after it: the
        // stored chain is consistent again, and every remaining event still carries its own valid seal.
        Execute("create table saved_links as select * from public.fleet_audit_links; create table saved_digests as select * from public.fleet_audit_digests");
        Execute($"""
            create table saved_event as select * from {Events} where seq_id = {seq}; create table saved_seal as select * from {Seals} where seq_id = {seq};
            delete from {Events} where seq_id = {seq}; delete from {Seals} where seq_id = {seq};
            """);
        try
        {
            await RechainAsync();
            (await VerifyAsync(FleetApp.City)).GetProperty("intact").GetBoolean().Should().BeTrue("the rewritten chain is consistent in itself");

            var report = await VerifyAgainstAsync(export);
            report.GetProperty("intact").GetBoolean().Should().BeFalse("the digests kept outside the system do not match the rewrite");
            var digestBreak = report.GetProperty("breaks").EnumerateArray().First(b => b.GetProperty("reason").GetString() == "digest");
            digestBreak.GetProperty("day").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$", "a day is written as ISO 8601 whatever the reader's language");
        }
        finally
        {
            RestoreLinks($"""
                insert into {Events} select * from saved_event; insert into {Seals} select * from saved_seal; drop table saved_event; drop table saved_seal
                """);
        }

        // An edited digest file is refused before anything is compared.
        var edited = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(export.GetRawText())!;
        edited["sha256"] = JsonSerializer.SerializeToElement(new string('0', 64));
        var refused = await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", edited, HttpStatusCode.BadRequest);
        refused.Code().Should().Be("audit.digest_file_altered");
    }

    [Fact]
    public async Task A_digest_file_checks_out_without_Fleet_with_the_saved_public_key_and_an_edit_does_not()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        var key = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/signing-key");
        export.GetProperty("keyId").GetString().Should().Be(key.GetProperty("keyId").GetString());

        var folder = Directory.CreateTempSubdirectory("fleet-digests-").FullName;
        try
        {
            // What a supervisor keeps: the exported file and the key's public half, checked with jq and OpenSSL only.
            await File.WriteAllTextAsync(Path.Combine(folder, "key.json"), key.GetRawText());
            await File.WriteAllTextAsync(Path.Combine(folder, "digests.json"), export.GetRawText());
            var (intact, said) = await CheckWithoutFleetAsync(folder);
            intact.Should().BeTrue(said);
            said.Should().Contain("Verified OK");

            // Whoever edits a link and recomputes the checksum still cannot produce the signature.
            await File.WriteAllTextAsync(Path.Combine(folder, "digests.json"), JsonSerializer.Serialize(Edited(export)));
            (intact, said) = await CheckWithoutFleetAsync(folder);
            intact.Should().BeFalse();
            said.Should().Contain("Verification failure");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_server_refuses_a_digest_file_edited_with_a_recomputed_checksum_unsigned_or_signed_by_another_key()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        var untouched = await VerifyAgainstAsync(export);
        untouched.GetProperty("intact").GetBoolean().Should().BeTrue(untouched.ToString());

        var edited = Edited(export);
        (await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", edited, HttpStatusCode.BadRequest)).Code()
            .Should().Be("audit.digest_signature_invalid");

        var unsigned = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(export.GetRawText())!;
        unsigned.Remove("signature");
        (await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", unsigned, HttpStatusCode.BadRequest)).Code()
            .Should().Be("audit.digest_file_unsigned");

        var otherKey = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(export.GetRawText())!;
        otherKey["keyId"] = JsonSerializer.SerializeToElement(new string('a', 32));
        var refused = await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", otherKey, HttpStatusCode.BadRequest);
        refused.Code().Should().Be("audit.digest_signed_by_other_key");
        refused.GetProperty("detail").GetString().Should().Contain(new string('a', 32));
    }

    [Fact]
    public async Task The_audit_verify_command_checks_the_store_against_a_saved_file_and_refuses_an_edited_one()
    {
        await OwnRegistrationAsync(FleetApp.Jiangan);
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        var file = Path.Combine(Path.GetTempPath(), $"fleet-digests-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, export.GetRawText());
            var (exitCode, output) = await AuditVerifyCommandAsync(file);
            exitCode.Should().Be(0, output);
            output.Should().Contain("\"intact\": true");

            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(Edited(export)));
            (exitCode, output) = await AuditVerifyCommandAsync(file);
            exitCode.Should().NotBe(0);
            output.Should().Contain("signature does not match");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_digest_file_larger_than_the_api_allows_a_form_is_still_checked()
    {
        // Years of digests for the city and every district run to hundreds of kilobytes; the API's limit is 256 KB.
        await OwnRegistrationAsync(FleetApp.Jiangan);
        var export = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/digests");
        var large = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(export.GetRawText())!;
        large["note"] = JsonSerializer.SerializeToElement(new string('x', 300 * 1024));

        var report = await app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", large);

        report.GetProperty("intact").GetBoolean().Should().BeTrue(report.ToString());
    }

    [Fact]
    public async Task Only_supervisors_verify_the_chain()
    {
        await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, "/api/audit/verify", HttpStatusCode.Forbidden);
        await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/audit/digests", HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Tampers with the 江岸 event at <paramref name="seq"/>, checks the break is found there in the city's and the pool's
    /// chain, and puts it back.
    /// </summary>
    private async Task TamperedAsync(long seq, Func<long, string> tamper, Func<long, string> restore, string reason, Func<long, Task<long>>? rowsChanged = null)
    {
        Execute(tamper(seq));
        try
        {
            if (rowsChanged is not null) (await rowsChanged(seq)).Should().Be(1, "the tampering changed the row");

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

    /// <summary>Both the city's chain and the district's name the event at <paramref name="seq"/> as forged.</summary>
    private async Task ForgedAtAsync(long seq, string because)
    {
        var report = await VerifyAsync(FleetApp.City);
        report.GetProperty("intact").GetBoolean().Should().BeFalse(because);
        foreach (var chain in new[] { "city", "420102" })
        {
            var broken = Break(report, chain);
            broken.GetProperty("sequence").GetInt64().Should().Be(seq, because);
            broken.GetProperty("reason").GetString().Should().Be("forged", because);
            broken.GetProperty("type").GetString().Should().Be("trip_requested");
        }

        var district = await VerifyAsync(FleetApp.Jiangan);
        Break(district, "420102").GetProperty("reason").GetString().Should().Be("forged", "the district's supervisor sees it in the district's own chain");
    }

    /// <summary>Puts the saved links and digests back after <paramref name="restoreEvents"/> has put the events back.</summary>
    private void RestoreLinks(string restoreEvents) =>
        Execute($"{restoreEvents}; delete from public.fleet_audit_links; " +
                "insert into public.fleet_audit_links select * from saved_links; drop table saved_links; delete from public.fleet_audit_digests; " +
                "insert into public.fleet_audit_digests select * from saved_digests; drop table saved_digests");

    private static JsonElement Break(JsonElement report, string chain) =>
        report.GetProperty("breaks").EnumerateArray().Single(b => b.GetProperty("chain").GetString() == chain);

    /// <summary>A car of <paramref name="pool"/> registered for the calling test alone, chained; the sequence number of its registration.</summary>
    private async Task<long> OwnRegistrationAsync(string pool)
    {
        var vehicle = await app.RoadworthyVehicleAsync(pool);
        await ChainedAsync();
        return await CountAsync($"select seq_id from {Events} where stream_id = '{vehicle}' and type = 'vehicle_registered'");
    }

    private Task<JsonElement> VerifyAsync(string pool) => app.GetAs(pool, Role.Supervisor, "/api/audit/verify");

    /// <summary>The export with its first digest's link changed and the checksum recomputed to match, as a forger would.</summary>
    private static Dictionary<string, object> Edited(JsonElement export)
    {
        var digests = export.GetProperty("digests").EnumerateArray()
            .Select(d => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(d.GetRawText())!).ToList();
        digests[0]["link"] = JsonSerializer.SerializeToElement(new string('0', 64));
        var content = string.Join('\n', digests.Select(d => $"{d["chain"]}|{d["day"]}|{d["lastSequence"]}|{d["link"]}"));
        var edited = JsonSerializer.Deserialize<Dictionary<string, object>>(export.GetRawText())!;
        edited["digests"] = digests;
        edited["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
        return edited;
    }

    private async Task<(int ExitCode, string Output)> AuditVerifyCommandAsync(string? digests = null)
    {
        await using var command = ServerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = app.ConnectionString,
            ["Fleet__Audit__SigningKeyFile"] = FleetApp.AuditSigningKeyFile,
        }, digests is null ? ["audit-verify"] : ["audit-verify", "--digests", digests]);
        var exitCode = await command.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, command.Output);
    }

    /// <summary>The report the command prints, among what else the host logs.</summary>
    private static JsonElement ReportIn(string output)
    {
        var start = System.Text.RegularExpressions.Regex.Match(output, @"\{\s*""intact""");
        start.Success.Should().BeTrue(output);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output[start.Index..]));
        return JsonElement.ParseValue(ref reader);
    }

    private static async Task<(bool Intact, string Said)> CheckWithoutFleetAsync(string folder)
    {
        var start = new ProcessStartInfo("bash", [TestRepository.PathOf("samples", "audit", "verify-digest-file.sh"), "digests.json", "key.json"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var check = Process.Start(start)!;
        var output = check.StandardOutput.ReadToEndAsync();
        var errors = check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        return (check.ExitCode == 0, await output + await errors);
    }

    private Task<JsonElement> VerifyAgainstAsync(JsonElement export) => app.PostAs(FleetApp.City, Role.Supervisor, "/api/audit/verify", export);

    /// <summary>Waits until the keeper has chained every stored event.</summary>
    private async Task ChainedAsync()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        await AuditChainWatch.CaughtUpAsync(app.ConnectionString);
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
