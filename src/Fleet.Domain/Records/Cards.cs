using System.Collections.Immutable;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Records;

/// <summary>What a card pays for. Members are only ever added: stored events refer to them.</summary>
public enum CardKind
{
    /// <summary>A fuel card (加油卡) of an oil company: its transactions are litres and yuan at a station.</summary>
    Fuel,

    /// <summary>An ETC card (电子不停车收费): its records are tolls on a road.</summary>
    Etc,
}

/// <summary>
/// The fleet admin registered a card to one of the pool's cars: what the issuer reports for the card from now on was
/// bought for that car. <paramref name="Replaces"/> names the card this one took the place of, if any. Stored as <c>card_bound</c>.
/// </summary>
public sealed record CardBound(Guid CardId, CardKind Kind, string Number, Guid VehicleId, string Plate, string? Replaces, Guid BoundBy, Instant BoundAt);

/// <summary>The card went over to another car of the pool. Stored as <c>card_moved</c>.</summary>
public sealed record CardMoved(Guid CardId, Guid FromVehicleId, Guid ToVehicleId, string Plate, string Reason, Guid MovedBy, Instant MovedAt);

/// <summary>The card was lost or stolen: whatever is bought with it afterwards was bought for no car. Stored as <c>card_lost</c>.</summary>
public sealed record CardLost(Guid CardId, string Reason, Guid ReportedBy, Instant LostAt);

/// <summary>
/// The issuer gave a new card in place of this one (worn, broken, reissued): this one ends and the new one, with its own
/// stream, is bound to the same car at the same moment. Stored as <c>card_replaced</c>.
/// </summary>
public sealed record CardReplaced(Guid CardId, Guid NewCardId, string NewNumber, string Reason, Guid ReplacedBy, Instant ReplacedAt);

public enum CardStatus
{
    Bound,
    Lost,
    Replaced,
}

/// <summary>One car's time with the card: from when it was bound or moved there, until it moved on, was lost or replaced.</summary>
public sealed record CardHolding(Guid VehicleId, string Plate, Instant From, Instant? Until)
{
    public bool Holds(Instant at) => From <= at && (Until is not { } until || at < until);
}

/// <summary>
/// A card as its stream tells it: its number, the car it is bound to now, and every car it was bound to before, so that a
/// record of last month is matched to the car that held the card then.
/// </summary>
public sealed record Card(Guid Id, CardKind Kind, string Number, CardStatus Status, ImmutableList<CardHolding> Holdings, string? Replaces = null,
    string? ReplacedBy = null)
{
    public CardHolding? Current => Status == CardStatus.Bound && !Holdings.IsEmpty ? Holdings[^1] : null;

    /// <summary>The car that held the card at the moment, if any.</summary>
    public CardHolding? HeldAt(Instant at) => Holdings.LastOrDefault(h => h.Holds(at));

    public static Card From(CardBound e) =>
        new(e.CardId, e.Kind, e.Number, CardStatus.Bound, [new CardHolding(e.VehicleId, e.Plate, e.BoundAt, null)], e.Replaces);

    public Card When(CardMoved e) => this with { Holdings = Ended(e.MovedAt).Add(new CardHolding(e.ToVehicleId, e.Plate, e.MovedAt, null)) };

    public Card When(CardLost e) => this with { Status = CardStatus.Lost, Holdings = Ended(e.LostAt) };

    public Card When(CardReplaced e) => this with { Status = CardStatus.Replaced, Holdings = Ended(e.ReplacedAt), ReplacedBy = e.NewNumber };

    private ImmutableList<CardHolding> Ended(Instant at) => Holdings.IsEmpty ? Holdings : Holdings.SetItem(Holdings.Count - 1, Holdings[^1] with { Until = at });
}

/// <summary>A card the fleet admin registers to a car, as typed from the card.</summary>
public sealed record BindCardForm(string? Kind, string? Number, Guid? VehicleId);

/// <summary>The car the card goes over to, and why.</summary>
public sealed record MoveCardForm(Guid? VehicleId, string? Reason);

/// <summary>Why the card is reported lost.</summary>
public sealed record ReportCardLostForm(string? Reason);

/// <summary>The number of the card the issuer gave in its place, and why.</summary>
public sealed record ReplaceCardForm(string? Number, string? Reason);

/// <summary>
/// Which car a fuel or ETC card pays for. A card number is one stream in a pool (its id follows from its kind and number),
/// bound to one car at a time; a lost or replaced card never comes back, and only a car in service gets a card.
/// </summary>
public static class CardBinding
{
    /// <summary>Card numbers are printed in groups: 16 to 19 digits for a fuel card, 16 to 20 for ETC, letters in a few.</summary>
    public const int NumberMinLength = 6;

    public const int NumberMaxLength = 24;

    /// <summary>A card's stream: the same kind and number always name the same card, so that binding it twice is caught by the store too.</summary>
    public static Guid IdOf(CardKind kind, string number) => NamedStreamIds.Of($"card|{kind}|{number}");

    /// <summary>The number as printed, without its spaces and dashes, upper case; none when it is no card number.</summary>
    public static string? Normalize(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return null;
        var plain = new string(number.Where(c => c is not (' ' or '-' or '\u3000')).ToArray()).ToUpperInvariant();
        return plain.Length is >= NumberMinLength and <= NumberMaxLength && plain.All(char.IsAsciiLetterOrDigit) ? plain : null;
    }

    public static (CardKind Kind, string Number, Guid VehicleId)? Validate(BindCardForm form, List<Problem> problems)
    {
        CardKind? kind = null;
        if (string.IsNullOrWhiteSpace(form.Kind)) problems.Add(Problem.Required("kind"));
        else if (Enum.TryParse<CardKind>(form.Kind.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(form.Kind, out _))
            kind = parsed;
        else problems.Add(Problem.Invalid("card.kind_invalid", "kind", "'{0}' is no kind of card: use fuel or etc.", Shortened(form.Kind)));

        var number = Number(form.Number, "number", problems);
        if (form.VehicleId is not { } vehicle || vehicle == Guid.Empty) problems.Add(Problem.Required("vehicleId"));
        return problems.Count == 0 ? (kind!.Value, number!, form.VehicleId!.Value) : null;
    }

    public static string? Number(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required(field));
            return null;
        }

        var number = Normalize(text);
        if (number is null)
            problems.Add(Problem.Invalid("card.number_invalid", field, "'{0}' is no card number: write the 6 to 24 letters and digits printed on the card.",
                Shortened(text)));
        return number;
    }

    /// <summary><paramref name="existing"/> is the card's stream as the store has it, if the number was ever bound in this pool.</summary>
    public static Decision Bind(CardKind kind, string number, Vehicle vehicle, Card? existing, Guid by, Instant now)
    {
        if (RefusesCard(vehicle) is { } closed) return Decision.Refuse(closed);
        if (existing is { } card) return Decision.Refuse(Taken(card));
        return Decision.Accept(new CardBound(IdOf(kind, number), kind, number, vehicle.Id, vehicle.Plate, null, by, now));
    }

    public static Decision Move(Card card, Vehicle to, string? reasonText, Guid by, Instant now)
    {
        if (card.Current is not { } holding) return Decision.Refuse(Ended(card));
        if (RefusesCard(to) is { } closed) return Decision.Refuse(closed);

        var problems = new List<Problem>();
        if (holding.VehicleId == to.Id)
            problems.Add(Problem.Invalid("card.same_vehicle", "vehicleId", "Card {0} is bound to {1} already: name the car it goes over to.", card.Number,
                to.Plate));
        var reason = TextRules.Check(reasonText, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new CardMoved(card.Id, holding.VehicleId, to.Id, to.Plate, reason!, by, now));
    }

    public static Decision ReportLost(Card card, ReportCardLostForm form, Guid by, Instant now)
    {
        if (card.Current is null) return Decision.Refuse(Ended(card));

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new CardLost(card.Id, reason!, by, now));
    }

    /// <summary>
    /// Two events for two streams: the old card ends, the new one starts on the same car. <paramref name="newCard"/> is the
    /// new number's stream, if that number was ever bound in this pool.
    /// </summary>
    public static Decision Replace(Card card, string newNumber, string? reasonText, Card? newCard, Guid by, Instant now)
    {
        if (card.Current is not { } holding) return Decision.Refuse(Ended(card));

        var problems = new List<Problem>();
        if (newNumber == card.Number)
            problems.Add(Problem.Invalid("card.same_card", "number", "Card {0} is the one being replaced: name the card that takes its place.", newNumber));
        var reason = TextRules.Check(reasonText, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (newCard is { } taken) return Decision.Refuse(Taken(taken));

        var newId = IdOf(card.Kind, newNumber);
        return Decision.Accept(new CardReplaced(card.Id, newId, newNumber, reason!, by, now),
            new CardBound(newId, card.Kind, newNumber, holding.VehicleId, holding.Plate, card.Number, by, now));
    }

    private static Problem Taken(Card card) => card.Current is { } holding
        ? Problem.Conflict("card.already_bound", "Card {0} is bound to {1}: a card pays for one car at a time; move it instead.", card.Number, holding.Plate)
        : Ended(card);

    private static Problem Ended(Card card) =>
        Problem.Conflict("card.ended", "Card {0} was lost or replaced: a card that ended is never bound again.", card.Number);

    private static Problem? RefusesCard(Vehicle vehicle) => vehicle.Status switch
    {
        VehicleStatus.Disposed => VehicleProblems.Disposed(),
        VehicleStatus.Retired => Problem.Conflict("card.vehicle_retired", "This vehicle is retired: a card is bound only to a car in service."),
        _ => null,
    };

    private static string Shortened(string text) => text.Trim().Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
