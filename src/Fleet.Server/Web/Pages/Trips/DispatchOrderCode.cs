using QRCoder;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// The QR code printed on a dispatch order: the absolute address of the trip's page, so that whoever holds the paper
/// (a guard at the gate, the unit's clerk) opens the trip as it stands now. Drawn here, never by an outside service.
/// </summary>
public static class DispatchOrderCode
{
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
