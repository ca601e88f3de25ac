using System.Collections.Immutable;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Settlement;

/// <summary>
/// What a pool charges for one class of car, in yuan: per kilometre driven, and for the time out either per started hour,
/// a half day (up to <see cref="RateCard.HalfDay"/>) or a day (up to <see cref="RateCard.Day"/>); per hour a driver
/// waited for the passengers beyond the grace; and per started day with one of the pool's drivers.
/// </summary>
public sealed record ClassRate(VehicleClass Class, decimal PerKm, decimal PerHour, decimal HalfDay, decimal Day, decimal WaitingPerHour,
    decimal WithDriverPerDay);

/// <summary>One class's rates as the fleet admin types them.</summary>
public sealed record ClassRateForm(VehicleClass? Class, decimal? PerKm, decimal? PerHour, decimal? HalfDay, decimal? Day,
    decimal? WaitingPerHour, decimal? WithDriverPerDay);

/// <summary>
/// The pool's next rate card as the fleet admin fills it in: every class it charges for. <see cref="Version"/> is the
/// version the change creates, which is how two admins editing the card at once find out about each other.
/// </summary>
public sealed record ChangeRateCardForm(int? Version, IReadOnlyList<ClassRateForm>? Rates);

/// <summary>
/// A new version of the pool's rate card is in force from <see cref="At"/>; statements already issued keep the version they
/// were charged by. Stored as <c>rate_card_changed</c>.
/// </summary>
public sealed record RateCardChanged(int Version, IReadOnlyList<ClassRate> Rates, Guid ChangedBy, Instant At);

/// <summary>
/// The pool's rate card in force, in one stream of each pool (like the approval policy), so that two admins changing it
/// at once are serialised by the stream's version. Version 0 is a pool that has set no rates: nothing can be charged.
/// </summary>
public sealed record RateCard(Guid Id, int Version, ImmutableList<ClassRate> Rates, Guid? ChangedBy, Instant? ChangedAt)
{
    /// <summary>The pool's rate card is kept in one stream of each pool, under this id.</summary>
    public static readonly Guid StreamId = Guid.Parse("0193a000-0000-7000-8000-0000000a7e5c");

    /// <summary>A half day covers up to four hours out, a day up to twenty-four: a car out longer is charged by the day and the rest.</summary>
    public static readonly Duration HalfDay = Duration.FromHours(4), Day = Duration.FromHours(24);

    /// <summary>The highest rate anyone means: ten thousand yuan a unit; more is a typing error.</summary>
    public const decimal HighestRate = 10_000m;

    public static RateCard None { get; } = new(StreamId, 0, [], null, null);

    public static RateCard From(RateCardChanged e) => None.When(e);

    public RateCard When(RateCardChanged e) => this with { Version = e.Version, Rates = [.. e.Rates], ChangedBy = e.ChangedBy, ChangedAt = e.At };

    public ClassRate? RateOf(VehicleClass vehicleClass) => Rates.FirstOrDefault(r => r.Class == vehicleClass);

    /// <summary>
    /// Puts the next version in force. Every amount is zero or more and at most <see cref="HighestRate"/>, in whole fen; a
    /// class appears once; a half day costs no more than a day, or the cheapest tariff would never be the day.
    /// </summary>
    public Decision Change(ChangeRateCardForm form, Guid by, Instant now)
    {
        var next = Version + 1;
        if (form.Version is { } version && version != next)
            return Decision.Refuse(Problem.Conflict("rates.version_not_next",
                "The rate card is at version {0}, so the change creates version {1}, not {2}: read the current card and apply the change to it.",
                Version, next, version));

        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        if (form.Rates is not { Count: > 0 } forms)
        {
            problems.Add(Problem.Required("rates"));
            return Decision.Refuse(problems);
        }

        var rates = new List<ClassRate>();
        foreach (var rate in forms)
        {
            if (rate.Class is not { } vehicleClass)
            {
                problems.Add(Problem.Required("class"));
                continue;
            }
            if (rates.Any(r => r.Class == vehicleClass))
                problems.Add(Problem.Invalid("rates.class_twice", "class", "The class {0} has two rates; give each class once.", vehicleClass));
            var amounts = new[]
            {
                Amount(rate.PerKm, "perKm", problems), Amount(rate.PerHour, "perHour", problems), Amount(rate.HalfDay, "halfDay", problems),
                Amount(rate.Day, "day", problems), Amount(rate.WaitingPerHour, "waitingPerHour", problems),
                Amount(rate.WithDriverPerDay, "withDriverPerDay", problems),
            };
            if (amounts.Any(a => a is null)) continue;
            if (amounts[2] > amounts[3])
                problems.Add(Problem.Invalid("rates.half_day_above_day", "halfDay", "For {0}, a half day ({1} yuan) costs more than a day ({2} yuan).",
                    vehicleClass, amounts[2]!.Value, amounts[3]!.Value));
            rates.Add(new ClassRate(vehicleClass, amounts[0]!.Value, amounts[1]!.Value, amounts[2]!.Value, amounts[3]!.Value, amounts[4]!.Value,
                amounts[5]!.Value));
        }

        if (problems.Count > 0) return Decision.Refuse(problems);
        return Decision.Accept(new RateCardChanged(next, [.. rates.OrderBy(r => r.Class)], by, now));
    }

    private static decimal? Amount(decimal? amount, string field, List<Problem> problems)
    {
        if (amount is not { } value)
        {
            problems.Add(Problem.Required(field));
            return null;
        }
        if (value < 0 || value > HighestRate || value != Money.Fen(value))
        {
            problems.Add(Problem.Invalid("rates.amount_out_of_range", field,
                "A rate is between 0 and {0} yuan in whole fen; {1} was given.", HighestRate, value));
            return null;
        }
        return value;
    }
}

/// <summary>Money is decimal yuan, kept to the fen.</summary>
public static class Money
{
    /// <summary>Rounded to the fen, half away from zero (四舍五入), the rule of the invoices the units are used to.</summary>
    public static decimal Fen(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);
}
