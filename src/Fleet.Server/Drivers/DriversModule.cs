using Fleet.Domain.Drivers;
using Fleet.Projections.AggregateState;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;
using Marten.Schema.Indexing.Unique;
using Marten.Schema;

namespace Fleet.Server.Drivers;

/// <summary>The pools' drivers: their licences, leave, suspensions and the accounts they drive as.</summary>
public sealed class DriversModule : IFleetModule
{
    public const string AccountIndex = "mt_doc_driver_uidx_user";

    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(DriverRegistered)] = "driver_registered",
        [typeof(DriverLicenceRenewed)] = "driver_licence_renewed",
        [typeof(DriverTransferred)] = "driver_transferred",
        [typeof(DriverReceived)] = "driver_received",
        [typeof(DriverLeaveScheduled)] = "driver_leave_scheduled",
        [typeof(DriverLeaveCancelled)] = "driver_leave_cancelled",
        [typeof(DriverSuspended)] = "driver_suspended",
        [typeof(DriverReinstated)] = "driver_reinstated",
        [typeof(DriverLeftService)] = "driver_left_service",
        [typeof(DriverAccountLinked)] = "driver_account_linked",
        [typeof(DriverPhoneRecorded)] = "driver_phone_recorded",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new UniqueIndexRule(AccountIndex, "driver.account_taken_concurrently",
            "The account was linked to another driver a moment ago: one account drives as one driver."));
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add(new AggregateStateProjection<Driver>().EndsWith<DriverTransferred>(), ProjectionLifecycle.Inline);
        options.Schema.For<Driver>().UniqueIndex(UniqueIndexType.Computed, AccountIndex, TenancyScope.PerTenant, x => x.UserId!);
    }
}
