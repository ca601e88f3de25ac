namespace Fleet.Server.Web;

/// <summary>The web UI: server-rendered Razor pages over the same endpoints as the API, and the push channel of the dispatch board.</summary>
public static class WebSetup
{
    public const string PagesRoot = "/Web/Pages";

    public static IServiceCollection AddFleetWeb(this IServiceCollection services)
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
        services.AddSingleton<WebText>();
        services.AddSingleton<PoolChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<PoolChanges>());
        return services;
    }

    public static WebApplication MapFleetWeb(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/web/changes", PoolChanges.StreamAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Pages and the API share the sign-in cookie; a page without one sends the browser to the sign-in form.</summary>
    public static bool IsPage(HttpRequest request) => !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/health");
}
