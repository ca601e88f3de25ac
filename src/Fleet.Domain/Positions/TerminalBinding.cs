using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Positions;

/// <summary>The terminal a fleet admin fits to a vehicle, as typed from its label.</summary>
public sealed record BindTerminalForm(string? Terminal, string? Imei, string? Model);

/// <summary>Why the vehicle's terminal is taken off.</summary>
public sealed record UnbindTerminalForm(string? Reason);

/// <summary>The terminal that takes the place of the vehicle's present one, and why.</summary>
public sealed record ReplaceTerminalForm(string? Terminal, string? Imei, string? Model, string? Reason);

/// <summary>A terminal's checked particulars: its twelve-digit number, and what else its label says.</summary>
public sealed record TerminalParticulars(string Number, string? Imei, string? Model);

/// <summary>
/// The vehicle a terminal is bound to now, anywhere in the city or the province: a terminal reports for one car only. A car
/// of another city is named by its city (<paramref name="City"/>), never by its plate: another city's records are its own.
/// </summary>
public sealed record TerminalHolder(Guid VehicleId, string Plate, string? City = null);

/// <summary>
/// Which car a satellite terminal reports for. A terminal is on one car at a time across every pool (its positions
/// would otherwise be two cars' tracks), a car carries one terminal at a time, and only a car in service gets one.
/// </summary>
public static class TerminalBinding
{
    /// <summary>Long enough for a maker's model name (e.g. 锐明 JT/T 808 R-Watch C6D).</summary>
    public const int ModelMaxLength = 50;

    /// <summary>Reads the form's terminal; the decision itself needs to know who holds that terminal, which only the store can tell.</summary>
    public static (TerminalParticulars? Particulars, IReadOnlyList<Problem> Problems) Validate(string? terminal, string? imei, string? model)
    {
        var problems = new List<Problem>();
        string? number = null;
        if (string.IsNullOrWhiteSpace(terminal)) problems.Add(Problem.Required("terminal"));
        else if ((number = TerminalNumber.Normalize(terminal)) is null)
            problems.Add(Problem.Invalid("terminal.number_invalid", "terminal",
                "'{0}' is no terminal number: write the 11 or 12 digits of the phone number printed on the terminal (e.g. 013912345678).", Shortened(terminal)));

        string? checkedImei = null;
        if (!string.IsNullOrWhiteSpace(imei))
        {
            checkedImei = imei.Trim();
            if (checkedImei.Length != 15 || !checkedImei.All(char.IsAsciiDigit))
                problems.Add(Problem.Invalid("terminal.imei_invalid", "imei", "'{0}' is no IMEI: an IMEI has 15 digits.", Shortened(imei)));
        }

        var checkedModel = TextRules.Check(model, "model", ModelMaxLength, required: false, problems);
        return problems.Count > 0 ? (null, problems) : (new TerminalParticulars(number!, checkedImei, checkedModel), []);
    }

    public static Decision Bind(TerminalParticulars terminal, Vehicle vehicle, TerminalHolder? holder, Guid by, Instant now)
    {
        if (RefusesNewTerminal(vehicle) is { } closed) return Decision.Refuse(closed);
        if (HeldElsewhere(terminal.Number, holder) is { } taken) return Decision.Refuse(taken);
        if (vehicle.Terminal is { } present)
            return Decision.Refuse(present.Number == terminal.Number
                ? AlreadyBound(terminal.Number, vehicle.Plate)
                : Problem.Conflict("terminal.vehicle_has_one", "This vehicle already carries terminal {0}: replace it, or unbind it first.", present.Number));

        return Decision.Accept(new TerminalBound(vehicle.Id, terminal.Number, terminal.Imei, terminal.Model, by, now));
    }

    /// <summary>A disposed car may still give its terminal back, so that the box can go into another car.</summary>
    public static Decision Unbind(UnbindTerminalForm form, Vehicle vehicle, Guid by, Instant now)
    {
        if (vehicle.Terminal is not { } present) return Decision.Refuse(NotBound());

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TerminalUnbound(vehicle.Id, present.Number, reason!, by, now));
    }

    public static Decision Replace(TerminalParticulars terminal, string? reasonText, Vehicle vehicle, TerminalHolder? holder, Guid by, Instant now)
    {
        if (vehicle.Terminal is not { } present) return Decision.Refuse(NotBound());
        if (RefusesNewTerminal(vehicle) is { } closed) return Decision.Refuse(closed);

        var problems = new List<Problem>();
        if (present.Number == terminal.Number)
            problems.Add(Problem.Invalid("terminal.same_terminal", "terminal", "Terminal {0} is the one this vehicle already carries: name the terminal that takes its place.",
                terminal.Number));
        var reason = TextRules.Check(reasonText, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (HeldElsewhere(terminal.Number, holder) is { } taken) return Decision.Refuse(taken);

        return Decision.Accept(new TerminalReplaced(vehicle.Id, present.Number, terminal.Number, terminal.Imei, terminal.Model, reason!, by, now));
    }

    /// <summary>
    /// The registry that finds a terminal's car belongs to the car's pool; a car that leaves the pool or the fleet gives
    /// its terminal back first, so that no terminal reports for a car its pool no longer holds.
    /// </summary>
    public static Problem? RefusesLeaving(Vehicle vehicle) =>
        vehicle.Terminal is { } present
            ? Problem.Conflict("vehicle.terminal_bound", "This vehicle still carries terminal {0}: unbind it first.", present.Number)
            : null;

    private static Problem? RefusesNewTerminal(Vehicle vehicle) => vehicle.Status switch
    {
        VehicleStatus.Disposed => VehicleProblems.Disposed(),
        VehicleStatus.Retired => Problem.Conflict("terminal.vehicle_retired", "This vehicle is retired: a terminal is fitted only to a car in service."),
        _ => null,
    };

    private static Problem? HeldElsewhere(string number, TerminalHolder? holder) => holder switch
    {
        null => null,
        { City: { } city } => Problem.Conflict("terminal.bound_in_another_city",
            "Terminal {0} is bound to a car of {1}: a terminal reports for one car at a time; {1} unbinds it there first.", number, city),
        _ => AlreadyBound(number, holder.Plate),
    };

    private static Problem AlreadyBound(string number, string plate) =>
        Problem.Conflict("terminal.already_bound", "Terminal {0} is bound to vehicle {1}: a terminal reports for one car at a time; unbind it there first.", number, plate);

    private static Problem NotBound() => Problem.Conflict("terminal.not_bound", "This vehicle carries no terminal.");

    private static string Shortened(string text) => text.Trim().Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
