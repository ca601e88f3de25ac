using Microsoft.AspNetCore.Http.Extensions;
using QRCoder;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// The QR code printed on a dispatch order: the absolute address of the trip's page, so that whoever holds the paper
/// (a guard at the gate, the unit's clerk) opens the trip as it stands now. Drawn here, never by an outside service.
/// </summary>
public static class DispatchOrderCode
{
    public const string PublicAddressSetting = "Fleet:PublicAddress";

    /// <summary>
    /// The site's address as its users reach it: <c>Fleet:PublicAddress</c> when set, since behind a proxy the request
    /// names the proxy's inner address; else the address the request came to.
    /// </summary>
    public static Uri Site(HttpRequest request, IConfiguration configuration) =>
        PublicAddress(configuration) ?? new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/"));

    /// <summary>The configured public address, refused at start when it is not an absolute http or https address.</summary>
    public static Uri? PublicAddress(IConfiguration configuration) => configuration[PublicAddressSetting] switch
    {
        null or "" => null,
        var text when Uri.TryCreate(text, UriKind.Absolute, out var site) && site.Scheme is "http" or "https" => site,
        var text => throw new InvalidOperationException($"{PublicAddressSetting} must be an absolute http or https address such as https://fleet.example.gov.cn/; it is \"{text}\"."),
    };

    /// <summary>The trip page's address on this site: <c>https://fleet.example/trips/{id}</c>, under any base path.</summary>
    public static string Payload(Uri site, Guid tripId)
    {
        var root = site.AbsoluteUri.EndsWith('/') ? site : new Uri(site.AbsoluteUri + "/");
        return new Uri(root, $"trips/{tripId}").AbsoluteUri;
    }

    /// <summary>The code as a PNG image; error correction M survives a fold or a coffee ring.</summary>
    public static byte[] Png(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }
}
