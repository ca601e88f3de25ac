using System.Globalization;
using Fleet.Server.Exchange;
using Fleet.Server.Infrastructure.Health;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Infrastructure.Time;
using Fleet.Server.Infrastructure.Wolverine;
using Fleet.Server.Setup;
using Fleet.Server.Trips.Dispatching;
using Fleet.Server.Web;
using Microsoft.AspNetCore.Localization;
using Scalar.AspNetCore;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Fleet.Server.Infrastructure;

/// <summary>Everything Fleet's host is made of, in the order it is assembled.</summary>
public static class FleetHost
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddFleet(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddFleetTime(builder.Configuration);
        services.AddFleetDispatch(builder.Configuration);
        services.AddFleetCodeGeneration(builder.Configuration);
        services.AddFleetMarten(builder.Configuration);
        builder.Host.UseFleetWolverine();
        services.AddWolverineHttp();
        // Creates or migrates Marten's tables before the first request, in every environment, when the schema the code
        // expects has changed (ADR 007): a fresh machine needs nothing but the run command. A production server that
        // runs under a role without schema rights (ADR 006) turns this off and has the owner run `db-apply` on upgrades.
        if (builder.Configuration.GetValue("Fleet:Database:ApplyChangesOnStart", true))
        {
            // Before every other hosted service: the daemon, Wolverine and the demo city need the tables.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Database.SchemaSetup>());
        }

        services.ConfigureHttpJsonOptions(o => FleetTime.ConfigureJson(o.SerializerOptions, boundedDates: true));
        services.AddFleetProblemDetails();
        services.AddFleetSecurity(builder.Configuration);
        services.AddSingleton<CitySetup>();
        services.AddSingleton<DemoCity>();
        services.AddSingleton<DemoCityLoader>();
        if (builder.Configuration.GetValue("Fleet:Demo:Enabled", false)) services.AddHostedService<DemoCitySeeder>();
        services.AddFleetHealth();
        services.AddFleetWeb();
        services.AddFleetExchangePush(builder.Configuration);
        services.AddSingleton<Audit.AuditChainStore>();
        services.AddSingleton<Audit.AuditVerifier>();
        services.AddSingleton(sp => Audit.AuditSigner.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(sp => Audit.AuditSealer.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddHostedService<Audit.AuditChainKeeper>();
        services.AddSingleton<IdempotencyRecordPurge>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyRecordPurge>());
        services.AddOpenApi();
        services.AddRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
        });
        return builder;
    }

    public static WebApplication UseFleet(this WebApplication app)
    {
        app.UseFleetSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // A person in a browser gets a page saying what happened, an API client the problem details above (this one,
        // further in, answers first).
        app.UseWhen(http => WebSetup.IsPage(http.Request), web => web.UseStatusCodePagesWithReExecute("/status", "?code={0}"));
        // Routing after the status pages, so that a re-executed request finds the status page's endpoint.
        app.UseRouting();
        // Style sheets, scripts and the chart library are public; everything after this needs a sign-in.
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Bodies are read only for callers allowed in and not throttled: anonymous junk is turned away unread.
        app.UseMiddleware<JsonBodyGuard>();
        // After the body guard, which leaves a checked body that can be read twice.
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapFleetHealth();
        app.MapFleetWeb();
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
            // Only endpoints that write need an actor on their session; reads stay free of it.
            o.AddMiddleware(typeof(ActorMetadata), WritesThroughSession);
            o.AddMiddleware(typeof(IdempotencyEnlistment), WritesThroughSession);
        });
        return app;
    }

    private static bool WritesThroughSession(global::Wolverine.Http.HttpChain chain) =>
        chain.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(global::Marten.IDocumentSession));
}
