using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Fleet.Server.Infrastructure.Time;

public static class FleetTime
{
    public const string DefaultZoneId = "Asia/Shanghai";

    /// <summary>
    /// The one JSON shape Fleet speaks everywhere — event store, messages and HTTP: camelCase, NodaTime in
    /// ISO-8601, enums by name and never by number (a number would silently change meaning if an enum were
    /// reordered).
    /// </summary>
    public static JsonSerializerOptions ConfigureJson(JsonSerializerOptions options)
    {
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    public static IServiceCollection AddFleetTime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        var zoneId = configuration["Fleet:TimeZone"] is { Length: > 0 } configured ? configured : DefaultZoneId;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId)
                   ?? throw new InvalidOperationException($"Fleet:TimeZone '{zoneId}' is not a known IANA time zone (e.g. {DefaultZoneId}).");
        services.AddSingleton(zone);
        return services;
    }
}
