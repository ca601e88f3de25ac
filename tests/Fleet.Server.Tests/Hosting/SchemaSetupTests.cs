using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// The schema is compared with the live database only when what Fleet expects has changed since the last start: the
/// fingerprint of the expected DDL is kept in the database beside the tables it describes.
/// </summary>
public sealed class SchemaSetupTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Index = "mt_doc_organisation_uidx_code";

    [Fact]
    public async Task A_start_records_the_fingerprint_of_the_schema_it_applied()
    {
        (await app.ScalarSqlAsync<string>("select fingerprint from public.fleet_schema_fingerprint")).Should().Be(SchemaSetup.Fingerprint(app.Store));
        (await app.ScalarSqlAsync<long>("select count(*) from public.fleet_schema_fingerprint")).Should().Be(1);
    }

    [Fact]
    public async Task A_restart_with_the_same_schema_leaves_the_database_alone_and_a_changed_one_migrates_it()
    {
        var applied = await app.ScalarSqlAsync<DateTime>("select applied_at from public.fleet_schema_fingerprint");
        await RestartAsync();
        (await app.ScalarSqlAsync<DateTime>("select applied_at from public.fleet_schema_fingerprint")).Should().Be(applied, "nothing was compared or applied");

        // As if the last start had run older code: a unique index the current code declares is missing.
        await app.ExecuteSqlAsync($"drop index public.{Index}; update public.fleet_schema_fingerprint set fingerprint = 'older code'");
        await RestartAsync();

        (await app.ScalarSqlAsync<long>($"select count(*) from pg_indexes where indexname = '{Index}'")).Should().Be(1, "the migration put the index back");
        (await app.ScalarSqlAsync<string>("select fingerprint from public.fleet_schema_fingerprint")).Should().Be(SchemaSetup.Fingerprint(app.Store));
    }

    [Fact]
    public async Task The_database_a_start_leaves_matches_what_Fleet_expects_so_the_next_comparison_finds_nothing()
    {
        // Expression and partial indexes (the reservations' range, the trips under way) must read back as declared,
        // or every full comparison would drop and build them again.
        var difference = await app.Store.Storage.Database.CreateMigrationAsync();

        difference.Difference.Should().Be(Weasel.Core.SchemaPatchDifference.None, string.Join(", ", difference.Deltas.Where(d =>
            d.Difference != Weasel.Core.SchemaPatchDifference.None).Select(d => d.SchemaObject.Identifier.QualifiedName)));
    }

    /// <summary>What a server start does first, on the same store.</summary>
    private Task RestartAsync() =>
        new SchemaSetup(app.Store, NullLogger<SchemaSetup>.Instance).StartAsync(CancellationToken.None);
}
