using NodaTime;
using NodaTime.Text;

namespace Fleet.Testing;

/// <summary>
/// A trip request as a clerk fills in the form. The defaults make a request the default approval policy passes by
/// itself: a two-hour meeting inside the city on the working morning after <see cref="FleetApp.Start"/>, with a
/// driver, in a sedan. Each step changes what a test is about and nothing else; <see cref="Body"/> is what is posted.
/// </summary>
public sealed record TripBuilder
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly OffsetDateTimePattern Offset = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    public string Purpose { get; init; } = "会议";
    public string PurposeText { get; init; } = "参加全市公务用车改革推进会";
    public int Passengers { get; init; } = 2;
    public IReadOnlyList<string> PassengerNames { get; init; } = ["张三", "李四"];
    public string PickUp { get; init; } = "区政府北门";
    public IReadOnlyList<string> Destinations { get; init; } = ["市民之家"];
    /// <summary>As the form sends it: ISO 8601 with an offset, e.g. <c>2026-11-03T10:00:00+08:00</c>.</summary>
    public string Start { get; init; } = "2026-11-03T10:00:00+08:00";
    public string End { get; init; } = "2026-11-03T12:00:00+08:00";
    /// <summary>Null when any class will do.</summary>
    public string? WantedClass { get; init; } = "Sedan";
    public string Urgency { get; init; } = "Normal";
    public bool WithDriver { get; init; } = true;
    public bool OutOfRegion { get; init; }

    /// <summary>Who the driver calls (联系人); none leaves the requesting clerk as the contact.</summary>
    public (string? Name, string? Phone)? Contact { get; init; }

    /// <summary>The planned times exactly as given.</summary>
    public TripBuilder Between(string start, string end) => this with { Start = start, End = end };

    public TripBuilder Between(Instant start, Instant end) => Between(Format(start.InZone(Wuhan)), Format(end.InZone(Wuhan)));

    /// <summary>From <paramref name="start"/> to <paramref name="end"/> on Wuhan's clock; an end before the start is on the next day.</summary>
    public TripBuilder On(LocalDate day, LocalTime start, LocalTime end) =>
        Between(day.At(start).InZoneStrictly(Wuhan).ToInstant(), (end > start ? day : day.PlusDays(1)).At(end).InZoneStrictly(Wuhan).ToInstant());

    /// <summary>Whole hours on <paramref name="day"/>, Wuhan's clock.</summary>
    public TripBuilder On(LocalDate day, int fromHour, int toHour) => On(day, new LocalTime(fromHour, 0), new LocalTime(toHour % 24, 0));

    public TripBuilder For(string purposeText, string? purpose = null) => this with { PurposeText = purposeText, Purpose = purpose ?? Purpose };

    public TripBuilder To(params string[] destinations) => this with { Destinations = destinations };

    public TripBuilder From(string pickUp) => this with { PickUp = pickUp };

    public TripBuilder Carrying(int passengers, params string[] names) =>
        this with { Passengers = passengers, PassengerNames = names.Length > 0 ? names : PassengerNames };

    public TripBuilder InA(string? wantedClass) => this with { WantedClass = wantedClass };

    /// <summary>An emergency goes ahead at once and is reviewed afterwards; <paramref name="urgency"/> may be the form's Chinese word.</summary>
    public TripBuilder AsEmergency(string urgency = "Emergency") => this with { Urgency = urgency };

    /// <summary>Leaving the city needs two approvers under the default policy.</summary>
    public TripBuilder OutOfTheRegion() => this with { OutOfRegion = true };

    public TripBuilder SelfDriven() => this with { WithDriver = false };

    public TripBuilder WithContact(string? name, string? phone) => this with { Contact = (name, phone) };

    /// <summary>The JSON body of <c>POST /api/trips</c> and <c>/amend</c>.</summary>
    public object Body => new
    {
        purpose = Purpose, purposeText = PurposeText, passengers = Passengers, passengerNames = PassengerNames, pickUp = PickUp,
        destinations = Destinations, start = Start, end = End, wantedClass = WantedClass, urgency = Urgency, withDriver = WithDriver,
        outOfRegion = OutOfRegion, contact = Contact is { } c ? new { name = c.Name, phone = c.Phone } : null,
    };

    private static string Format(ZonedDateTime time) => Offset.Format(time.ToOffsetDateTime());
}
