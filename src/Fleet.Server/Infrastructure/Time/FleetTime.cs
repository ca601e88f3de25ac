using System.Text.Json;
using System.Text.Json.Serialization;
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
    /// <param name="boundedDates">
    /// For what people send: dates and moments outside the years Fleet keeps are refused as they are read. What Fleet
    /// stored itself is read as it was written.
    /// </param>
    public static JsonSerializerOptions ConfigureJson(JsonSerializerOptions options, bool boundedDates = false)
    {
        options.ConfigureForNodaTime(new NodaJsonSettings(DateTimeZoneProviders.Tzdb)
        {
            InstantConverter = new InstantConverter(boundedDates),
            LocalDateConverter = boundedDates ? new LocalDateConverter() : NodaConverters.LocalDateConverter,
        });
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    /// <summary>
    /// The dates a record of Fleet may carry. Years such as 9999 parse, but a day or a grace period added to them
    /// does not exist: they are refused as they are read, like any other value of the wrong shape.
    /// </summary>
    public static readonly LocalDate EarliestDate = new(1900, 1, 1), LatestDate = new(2199, 12, 31);

    /// <summary>
    /// Moments are written in UTC ("2026-11-02T01:30:00Z") and read in UTC or with any offset
    /// ("2026-11-02T09:30:00+08:00"), because people in the city type local times.
    /// </summary>
    private sealed class InstantConverter(bool bounded) : NodaConverterBase<Instant>
    {
        protected override Instant ReadJsonImpl(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("A moment is a string.");
            var utc = InstantPattern.ExtendedIso.Parse(text);
            var withOffset = utc.Success ? null : OffsetDateTimePattern.ExtendedIso.Parse(text);
            var moment = utc.Success ? utc.Value
                : withOffset!.Success ? withOffset.Value.ToInstant()
                : throw new JsonException($"'{text}' is not an ISO-8601 moment with Z or an offset.");
            if (!bounded) return moment;
            var date = moment.InUtc().Date;
            return date >= EarliestDate && date <= LatestDate ? moment : throw new JsonException($"'{text}' lies outside the years Fleet keeps.");
        }

        protected override void WriteJsonImpl(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }

    /// <summary>Dates as ISO-8601 ("2026-11-02"), within the years Fleet keeps.</summary>
    private sealed class LocalDateConverter : NodaConverterBase<LocalDate>
    {
        protected override LocalDate ReadJsonImpl(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("A date is a string.");
            var parsed = LocalDatePattern.Iso.Parse(text);
            if (!parsed.Success) throw new JsonException($"'{text}' is not an ISO-8601 date.");
            return parsed.Value >= EarliestDate && parsed.Value <= LatestDate ? parsed.Value : throw new JsonException($"'{text}' lies outside the years Fleet keeps.");
        }

        protected override void WriteJsonImpl(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
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
