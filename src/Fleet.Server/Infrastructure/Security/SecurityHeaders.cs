namespace Fleet.Server.Infrastructure.Security;

/// <summary>
/// The headers every answer carries, pages, API and errors alike: no sniffing of content types, no framing (against
/// click-jacking), no referrer beyond Fleet itself, no camera, microphone or location, and a content policy that lets
/// pages run only Fleet's own scripts. Inline style attributes stay allowed: the dispatch timeline places its bars
/// with them. The API's reference pages (<c>/api/reference</c>) configure themselves with an inline script and hold
/// no data, so they go without the content policy.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <param name="imageOrigins">Servers the pages may show images from besides Fleet itself: a map's tile server.</param>
    public static IApplicationBuilder UseFleetSecurityHeaders(this IApplicationBuilder app, params string[] imageOrigins)
    {
        var policy = imageOrigins.Length == 0 ? ContentPolicy : ContentPolicy.Replace("img-src 'self' data:", $"img-src 'self' data: {string.Join(' ', imageOrigins)}");
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!http.Request.Path.StartsWithSegments("/api/reference")) headers.ContentSecurityPolicy = policy;
                if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
