using Fleet.Domain.Records;
using Fleet.Projections.AggregateState;

using Fleet.Server.Infrastructure;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Records.Checking;
using Fleet.Server.Records.Import;
using JasperFx.Events.Projections;
using Wolverine.Marten;

namespace Fleet.Server.Records;

/// <summary>
/// Records from outside (docs/records.md, ADR 020): the fuel and ETC cards registered to the pools' cars, as events on
/// each card's stream; the issuers' exports imported in their layouts, each row an event with its provenance, matched
/// to its car and trip and checked, and checked again when a trip is finished; and the cars' fuel figures the checks
/// hold purchases against.
/// </summary>
public sealed class RecordsModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(CardBound)] = "card_bound",
        [typeof(CardMoved)] = "card_moved",
        [typeof(CardLost)] = "card_lost",
        [typeof(CardReplaced)] = "card_replaced",
        [typeof(VehicleFuelFiguresRecorded)] = "vehicle_fuel_figures_recorded",
        [typeof(OutsideRecordImported)] = "outside_record_imported",
        [typeof(RecordFileImported)] = "record_file_imported",
        [typeof(OutsideRecordChecked)] = "outside_record_checked",
        [typeof(TripRecordsChecked)] = "trip_records_checked",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(RecordLayouts.From(configuration));
        // A trip's records are checked again when it is finished: what was declared at its end is known only then.
        services.SubscribeToEventsWithServices<TripRecordsFeed>(ServiceLifetime.Singleton);
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        // An import reads the cards and the records imported before it: both inline.
        options.Projections.Add(new AggregateStateProjection<Card>(), ProjectionLifecycle.Inline);
        options.Projections.Add(new AggregateStateProjection<OutsideRecord>(), ProjectionLifecycle.Inline);
        // The checks read a car's records around a moment: the pool, the car, the moment.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(OutsideRecord)) return;
            DuplicatedColumn.Index(mapping, "mt_doc_outsiderecord_idx_vehicle_at", "tenant_id",
                DuplicatedColumn.Add<OutsideRecord>(mapping, r => r.VehicleId, "vehicle_id", pgType: "uuid"),
                DuplicatedColumn.Add<OutsideRecord>(mapping, r => r.At, "at", pgType: "timestamptz"));
        });
    }
}
