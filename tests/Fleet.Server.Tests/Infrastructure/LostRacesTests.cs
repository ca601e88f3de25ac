using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// The shapes in which Marten 9.62 and Npgsql report that another command on the same record committed first — as
/// they came out of concurrent commands (<c>ConcurrentCommandTests</c>) and as the packages declare them — bare and
/// wrapped, and what is no lost race: a broken rule of the domain, a missing row, a bug.
/// </summary>
public sealed class LostRacesTests
{
    private static PostgresException Postgres(string state, string? table = null, string? constraint = null) =>
        new("refused", "ERROR", "ERROR", state, "", "", 0, 0, "", "", "public", table ?? "", "", "", constraint ?? "", "", "", "");

    public static TheoryData<string, Exception> RefusedSecondWriters() => new()
    {
        { "an append under a stale version", new JasperFx.Events.EventStreamUnexpectedMaxEventIdException(Guid.NewGuid(), typeof(Trip), 2, 3) },
        { "a document saved under a stale version", new JasperFx.ConcurrencyException(typeof(Trip), Guid.NewGuid()) },
        { "a stream started twice", new Marten.Exceptions.ExistingStreamIdCollisionException(Guid.NewGuid(), typeof(Trip)) },
        { "a stream started twice, as JasperFx says it", new JasperFx.Events.ExistingStreamIdCollisionException(Guid.NewGuid()) },
        { "an inline projection's document inserted twice", new JasperFx.DocumentAlreadyExistsException(typeof(Trip), Guid.NewGuid()) },
        { "a quick append's version mismatch", Postgres("MT003") },
        { "a quick append's version mismatch in a command", new Marten.Exceptions.MartenCommandException(new NpgsqlCommand("select 1"), Postgres("MT003")) },
        { "a second event at a stream's version", Postgres(PostgresErrorCodes.UniqueViolation, "mt_events", "pk_mt_events_stream_and_version") },
        { "a second stream under one id", Postgres(PostgresErrorCodes.UniqueViolation, "mt_streams", "pkey_mt_streams_id_tenant_id") },
        { "a second document under one id", Postgres(PostgresErrorCodes.UniqueViolation, "mt_doc_trip", "mt_doc_trip_pkey") },
        { "a deadlock between two commands", Postgres(PostgresErrorCodes.DeadlockDetected) },
        { "one of a batch's failures", new AggregateException(new InvalidOperationException("other"), Postgres("MT003")) },
    };

    [Theory]
    [MemberData(nameof(RefusedSecondWriters))]
    public void A_refused_second_writer_is_a_lost_race(string what, Exception exception)
    {
        LostRaces.Lost(exception).Should().BeTrue(what);
        LostRaces.Lost(new InvalidOperationException("wrapped", exception)).Should().BeTrue($"{what}, wrapped");
    }

    public static TheoryData<string, Exception> NoRaces() => new()
    {
        { "a plate registered twice: the domain's unique rule", Postgres(PostgresErrorCodes.UniqueViolation, "mt_doc_vehiclesummary", "idx_vehicle_plate") },
        { "a row another row refers to", Postgres(PostgresErrorCodes.ForeignKeyViolation, "mt_events", "fk_mt_events_stream") },
        { "the database going down", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "a bug", new NullReferenceException() },
    };

    [Theory]
    [MemberData(nameof(NoRaces))]
    public void Anything_else_is_not(string what, Exception exception) =>
        LostRaces.Lost(exception).Should().BeFalse(what);
}
