using Fleet.Server.Infrastructure;

namespace Fleet.Server.Web;

/// <summary>The web UI: server-rendered Razor pages over the same endpoints as the API, and the push channel of the dispatch board.</summary>
public sealed class WebModule : IFleetModule
{
    public const string PagesRoot = "/Web/Pages";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = PagesRoot;
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Language");
            options.Conventions.AllowAnonymousToPage("/Status");
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "fleet.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });
        // Chinese stays Chinese in the page source instead of turning into numeric character references.
        services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.All));
        // A wrong public address is refused at start, not on the first printed dispatch order.
        _ = Pages.Trips.DispatchOrderCode.PublicAddress(configuration);
        services.AddSingleton<WebText>();
        services.AddSingleton<PoolChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<PoolChanges>());
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/web/changes", PoolChanges.StreamAsync).ExcludeFromDescription();
        Exports.Exports.Map(app);
    }
}
