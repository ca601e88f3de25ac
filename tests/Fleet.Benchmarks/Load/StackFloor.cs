using System.Text.Json;
using Fleet.Testing;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The same stack with nothing of Fleet's in it: ASP.NET Core, Wolverine's HTTP endpoints and Marten with Fleet's settings of
/// them (prepared statements, sessions that keep their connection, events with all their metadata, a store shared by tenants,
/// a projection daemon, durable inbox and outbox), and two endpoints: one starts a trip's stream with one event and stores
/// its document in one transaction, the other loads that document by id. No sign-in, no policy, no audit chain, no projection
/// beyond the document: what a command and a read of this stack cost at the least on this machine, between Fleet and
/// PostgreSQL's own floor.
/// </summary>
internal sealed class StackFloor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _dataSource;

    private StackFloor(WebApplication app, NpgsqlDataSource dataSource, Uri address)
    {
        _app = app;
        _dataSource = dataSource;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<StackFloor> StartAsync(string connectionString)
    {
        var port = TestPorts.Free();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Fleet.Benchmarks" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxAutoPrepare = 100 } }.Build();
        builder.Services.AddMarten(options =>
            {
                options.Connection(dataSource);
                options.DatabaseSchemaName = "stack_floor";
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.UseStickyConnectionLifetimes = true;
                options.Events.MetadataConfig.EnableAll();
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Policies.AllDocumentsAreMultiTenanted();
                options.Events.MapEventType<FloorTripRequested>("floor_trip_requested");
                options.Schema.For<FloorTrip>();
            })
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.Solo)
            .IntegrateWithWolverine()
            .ApplyAllDatabaseChangesOnStartup();
        builder.Host.UseWolverine(options =>
        {
            options.ApplicationAssembly = typeof(StackFloor).Assembly;
            options.UseRuntimeCompilation();
            options.ServiceName = "StackFloor";
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            options.Policies.UseDurableInboxOnAllListeners();
            options.Policies.UseDurableOutboxOnAllSendingEndpoints();
        });
        builder.Services.CritterStackDefaults(defaults => defaults.Production.GeneratedCodeMode = TypeLoadMode.Dynamic);
        builder.Services.AddWolverineHttp();

        var app = builder.Build();
        app.MapWolverineEndpoints(options => options.MapMartenConcurrencyFailuresToConflict());
        await app.StartAsync();
        return new StackFloor(app, dataSource, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Marten uses the data source it is given without owning it.
        await _dataSource.DisposeAsync();
    }
}

/// <summary>The stack floor's one event: the form a clerk sent, as it came.</summary>
public sealed record FloorTripRequested(Guid TripId, JsonElement Form);

/// <summary>The stack floor's one document: the trip with its form, about the size of Fleet's.</summary>
public sealed record FloorTrip(Guid Id, string Status, JsonElement Form);

/// <summary>Answered 201 with where the trip is, as Fleet answers a trip request.</summary>
public sealed record FloorTripCreated(Guid TripId) : CreationResponse($"/floor/trips/{TripId}");

public static class StackFloorEndpoints
{
    [WolverinePost("/floor/trips")]
    public static (FloorTripCreated, IStartStream, IMartenOp) Post(JsonElement form)
    {
        var id = Guid.CreateVersion7();
        return (new FloorTripCreated(id), MartenOps.StartStream<FloorTrip>(id, new FloorTripRequested(id, form)),
            MartenOps.Store(new FloorTrip(id, "Requested", form)));
    }

    [WolverineGet("/floor/trips/{id}")]
    public static Task<FloorTrip?> Get(Guid id, IQuerySession session, CancellationToken cancellation) => session.LoadAsync<FloorTrip>(id, cancellation);
}
