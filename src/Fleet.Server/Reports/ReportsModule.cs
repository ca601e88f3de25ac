using Fleet.Domain.Trips;
using Fleet.Projections;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Server.Infrastructure;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Reports.AuditTrail;
using Fleet.Server.Reports.Compliance;
using JasperFx.Events.Projections;

namespace Fleet.Server.Reports;

/// <summary>What the pools' supervisors read: the logbook and its paper imports, the period figures, compliance and the audit trail.</summary>
public sealed class ReportsModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(TripImported)] = "trip_imported",
        [typeof(LogbookFileImported)] = "logbook_file_imported",
    };

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        var zone = services.GetRequiredService<DateTimeZone>();
        options.Projections.Add<LogbookEntryProjection>(ProjectionLifecycle.Async);
        // A custom projection says nothing of what it writes: a rebuild must be told to clear the totals it adds to.
        options.Projections.Add(new PeriodTotalsProjection(zone), ProjectionLifecycle.Async, PeriodTotalsProjection.Name, daemon =>
        {
            daemon.BatchSize = ProjectionPaging.RebuildBatchSize;
            daemon.DeleteViewTypeOnTeardown<PeriodTotals>();
        });
        options.Schema.For<PeriodTotals>().DocumentAlias(PeriodTotalsProjection.DocumentAlias);
        options.Projections.Add(new FlaggedRecordsProjection(zone), ProjectionLifecycle.Async, FlaggedRecordsProjection.Name, daemon =>
        {
            daemon.BatchSize = ProjectionPaging.RebuildBatchSize;
            daemon.DeleteViewTypeOnTeardown<FlaggedRecord>();
        });
        options.Schema.For<FlaggedRecord>();
        FlaggedRecordMapping.AddSearchIndexes(options);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(FlaggedRecord)) FlaggedRecordMapping.AddPeriodIndex(mapping);
            // Compliance and the ratings read a pool's period: the pool first, then the departure.
            if (mapping.DocumentType == typeof(LogbookEntry))
                DuplicatedColumn.Index(mapping, "mt_doc_logbookentry_idx_departed_at", "tenant_id",
                    DuplicatedColumn.Add<LogbookEntry>(mapping, e => e.DepartedAt, "departed_at", pgType: "timestamptz"));
        });

        // The audit search by person and by moment reads its page from indexes of the event table, not the whole store.
        AuditTrailIndexes.Add(options);

        // A logbook page is one car's or one driver's month; compliance reads a pool's period.
        options.Schema.For<LogbookEntry>()
            .Duplicate(e => e.VehicleId)
            .Duplicate(e => e.DriverId);
    }
}
