using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// The least a host of Fleet's stack does before it answers: the same web host, store, messaging and settings of them
// (workstation GC, pre-generated adapters loaded in Auto mode, prepared statements, events with all their metadata, a
// store shared by tenants, a projection daemon in hot/cold mode, durable local queues, inbox and outbox), with one
// endpoint that reads the event store as Fleet's readiness check does. What Fleet's start costs beyond this is Fleet's own.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
var connectionString = builder.Configuration.GetConnectionString("Fleet")
                       ?? throw new InvalidOperationException("ConnectionStrings:Fleet is not set.");

var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxAutoPrepare = 100 } }.Build();
builder.Services.AddMarten(options =>
    {
        options.Connection(dataSource);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.MetadataConfig.EnableAll();
        options.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Events.AddEventType<NoteWritten>();
        options.Schema.For<Note>();
    })
    .UseLightweightSessions()
    .AddAsyncDaemon(DaemonMode.HotCold)
    .IntegrateWithWolverine()
    .ApplyAllDatabaseChangesOnStartup();

builder.Host.UseWolverine(options =>
{
    options.UseRuntimeCompilation();
    options.ServiceName = "MinimalHost";
    options.Policies.AutoApplyTransactions();
    options.Policies.UseDurableLocalQueues();
    options.Policies.UseDurableInboxOnAllListeners();
    options.Policies.UseDurableOutboxOnAllSendingEndpoints();
});
builder.Services.CritterStackDefaults(defaults =>
{
    defaults.Development.GeneratedCodeMode = TypeLoadMode.Auto;
    defaults.Production.GeneratedCodeMode = TypeLoadMode.Auto;
    defaults.Production.SourceCodeWritingEnabled = false;
});
builder.Services.AddWolverineHttp();

var app = builder.Build();
app.MapWolverineEndpoints();
return await app.RunJasperFxCommands(args);

public sealed record Note(Guid Id, string Text);

public sealed record NoteWritten(string Text);

public static class ReadyEndpoint
{
    [WolverineGet("/health/ready")]
    public static async Task<long> Get(IQuerySession session, CancellationToken cancellation) =>
        (await session.DocumentStore.Advanced.FetchEventStoreStatistics(token: cancellation)).EventSequenceNumber;
}
