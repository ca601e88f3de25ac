namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Section <c>Fleet:Maps</c>: the tile server the pages' maps draw on, when there is one. With none (tests, the demo, an
/// intranet without tiles) the maps draw the vector base map of the city shipped with Fleet, <see cref="BaseMap"/>, and
/// without that file the track on a plain background: nothing needs the internet.
/// </summary>
public sealed class MapSettings
{
    public const string Section = "Fleet:Maps";

    /// <summary>A Leaflet tile template, e.g. <c>https://tiles.example.cn/{z}/{x}/{y}.png</c>.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The tile server's attribution, shown in the map's corner as its licence asks.</summary>
    public string? Attribution { get; set; }

    /// <summary>The GeoJSON base map: one FeatureCollection whose features carry <c>layer</c>, <c>name_zh</c> and <c>name_en</c>.</summary>
    public string BaseMap { get; set; } = "/maps/w-city.geojson";

    /// <summary>The origin the tile images come from, which the pages' content policy must let in; none without a tile server.</summary>
    public string? TileOrigin =>
        string.IsNullOrWhiteSpace(TileUrl) ? null
        : Uri.TryCreate(TileUrl.Replace("{s}", "a").Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0"), UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new InvalidOperationException($"{Section}:TileUrl must be an absolute http(s) address with {{z}}, {{x}} and {{y}}.");

    /// <summary>
    /// The base map to draw, or none when Fleet's own file is not there (the track then goes on a plain background): asked
    /// for anyway, the missing file would be a failed request in every reader's console.
    /// </summary>
    public string? BaseMapIn(IWebHostEnvironment environment) =>
        !BaseMap.StartsWith('/') || environment.WebRootFileProvider.GetFileInfo(BaseMap).Exists ? BaseMap : null;

    public static MapSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<MapSettings>() ?? new MapSettings();
        _ = settings.TileOrigin;
        return settings;
    }
}
