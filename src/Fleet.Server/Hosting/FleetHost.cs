using Fleet.Server.Infrastructure;
using Fleet.Server.Infrastructure.Health;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Time;
using Fleet.Server.Infrastructure.Wolverine;
using JasperFx;
using Scalar.AspNetCore;
using Wolverine.Http.Marten;

// The server's own commands (setup-city, audit-verify) are found from any host that composes it, the demo city's too.
[assembly: JasperFx.JasperFxAssembly]

namespace Fleet.Server.Hosting;

/// <summary>
/// Everything Fleet's host is made of, in the order it is assembled: the infrastructure every module stands on, then the
/// <see cref="FleetModules"/>, each of which adds its own services, store configuration and addresses.
/// </summary>
public static class FleetHost
{
    /// <summary>Fleet's services, with any <paramref name="extraModules"/> a host adds to Fleet's own.</summary>
    public static WebApplicationBuilder AddFleet(this WebApplicationBuilder builder, params IFleetModule[] extraModules)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var modules = new FleetComposition(FleetModules.With(extraModules));
        services.AddSingleton(modules);
        services.AddFleetTime(configuration);
        services.AddFleetCodeGeneration(configuration);
        services.AddFleetMarten(configuration, modules.Modules);
        builder.Host.UseFleetWolverine(builder.Configuration);
        services.AddWolverineHttp();
        // Creates or migrates Marten's tables before the first request, in every environment, when the schema the code
        // expects has changed (ADR 007): a fresh machine needs nothing but the run command. A production server that
        // runs under a role without schema rights (ADR 006) turns this off and has the owner run `db-apply` on upgrades.
        if (configuration.GetValue("Fleet:Database:ApplyChangesOnStart", true))
        {
            // Before every other hosted service: the daemon, Wolverine and the demo city need the tables.
            services.AddSingleton<Infrastructure.Database.SchemaSetup>();
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<Infrastructure.Database.SchemaSetup>()));
        }

        services.ConfigureHttpJsonOptions(o => FleetTime.ConfigureJson(o.SerializerOptions, boundedDates: true));
        services.AddFleetProblemDetails();
        services.AddFleetSecurity(configuration);
        services.AddFleetHealth();
        foreach (var module in modules.Modules) module.AddServices(services, configuration);
        services.AddSingleton<IdempotencyRecordPurge>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyRecordPurge>());
        services.AddOpenApi();
        services.AddFleetLocalization();
        return builder;
    }

    /// <summary>Runs the server, or the admin command on the command line (<c>setup-city</c>, <c>db-apply</c>, …).</summary>
    public static async Task<int> RunFleetAsync(this WebApplication app, string[] args)
    {
        // A plain start runs the server; only a command line needs the search of every loaded assembly for commands.
        if (args.Length == 0)
        {
            await app.RunAsync();
            return 0;
        }

        return await app.RunJasperFxCommands(args);
    }

    public static WebApplication UseFleet(this WebApplication app)
    {
        // A map's tile server is the one other place the pages show images from.
        app.UseFleetSecurityHeaders(Positions.Tracks.MapSettings.From(app.Configuration).TileOrigin is { } tiles ? [tiles] : []);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // A person in a browser gets a page saying what happened, an API client the problem details above (this one,
        // further in, answers first).
        app.UseWhen(http => FleetRequests.IsPage(http.Request), web => web.UseStatusCodePagesWithReExecute("/status", "?code={0}"));
        // Routing after the status pages, so that a re-executed request finds the status page's endpoint.
        app.UseRouting();
        // Style sheets, scripts, the chart library and the offline base map are public; everything after this needs a sign-in.
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".geojson"] = "application/geo+json";
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types });
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Bodies are read only for callers allowed in and not throttled: anonymous junk is turned away unread.
        app.UseMiddleware<JsonBodyGuard>();
        // After the body guard, which leaves a checked body that can be read twice.
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapFleetHealth();
        foreach (var module in app.Services.GetRequiredService<FleetComposition>().Modules) module.MapEndpoints(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Fleet API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();

        app.MapWolverineEndpoints(o =>
        {
            o.MapMartenConcurrencyFailuresToConflict();
            o.ApplyCorrelationIdHeaderToAllEndpoints = true;
            o.RejectUnparseableQueryValues = true;
            // Every request works in the signed-in person's pool; see ADR 003.
            o.TenantId.IsClaimTypeNamed(FleetClaims.Pool);
            // Endpoints write nothing themselves: they send commands, whose handlers stamp and record them (ADR 013).
        });
        return app;
    }
}

/// <summary>The modules this host was assembled from, for the steps after the services are built.</summary>
public sealed record FleetComposition(IReadOnlyList<IFleetModule> Modules);
