namespace Fleet.Server.Infrastructure.Http;

public static class FleetRequests
{
    /// <summary>Pages and the API share the sign-in cookie; a page without one sends the browser to the sign-in form.</summary>
    public static bool IsPage(HttpRequest request) => !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/health");
}
