using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

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
        options.ConfigureForNodaTime(new NodaJsonSettings(DateTimeZoneProviders.Tzdb) { InstantConverter = new InstantConverter() });
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    /// <summary>
    /// Moments are written in UTC ("2026-11-02T01:30:00Z") and read in UTC or with any offset
    /// ("2026-11-02T09:30:00+08:00"), because people in the city type local times.
    /// </summary>
    private sealed class InstantConverter : NodaConverterBase<Instant>
    {
        protected override Instant ReadJsonImpl(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("A moment is a string.");
            var utc = InstantPattern.ExtendedIso.Parse(text);
            if (utc.Success) return utc.Value;
            var withOffset = OffsetDateTimePattern.ExtendedIso.Parse(text);
            return withOffset.Success
                ? withOffset.Value.ToInstant()
                : throw new JsonException($"'{text}' is not an ISO-8601 moment with Z or an offset.");
        }

        protected override void WriteJsonImpl(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
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
