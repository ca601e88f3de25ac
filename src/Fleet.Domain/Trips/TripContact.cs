using Fleet.Domain.Common;

namespace Fleet.Domain.Trips;

/// <summary>The person the driver calls about the trip (联系人), as the clerk types them: both blank means the clerk themself.</summary>
public sealed record TripContactForm(string? Name, string? Phone);

/// <summary>
/// Who the driver calls to find the passengers, and on which number; a trip without one has the requesting clerk as
/// its contact, by name and with no number.
/// </summary>
public sealed record TripContact(string Name, string? Phone);

public static class TripContacts
{
    public const int NameMaxLength = 30;

    /// <summary>
    /// The contact the form gives, or null when it gives none. A number needs a name to ask for; a name alone is
    /// enough for a driver who will meet the person at the pick-up place.
    /// </summary>
    public static TripContact? Read(TripContactForm? form, List<Problem> problems)
    {
        if (form is null || (string.IsNullOrWhiteSpace(form.Name) && string.IsNullOrWhiteSpace(form.Phone))) return null;

        var before = problems.Count;
        var name = TextRules.Check(form.Name, "contactName", NameMaxLength, required: true, problems);
        var phone = PhoneRules.Check(form.Phone, "contactPhone", required: false, problems);
        return problems.Count > before ? null : new TripContact(name!, phone?.Text);
    }
}
