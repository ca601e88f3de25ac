using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using NodaTime;

namespace Fleet.Domain.Positions.Tracks;

/// <summary>
/// Who may be shown a car's positions (issue 23, Privacy). Tracks are the drivers' personal data: the pool's dispatchers
/// see a car while it is on a trip (a trip's track, the live map of cars on trips); supervisors — a district's for its
/// pool, the city's for every pool — see tracks inside and outside trips; nobody else sees any.
/// </summary>
public static class TrackLooks
{
    /// <summary>The longest period of a car's track shown at once: a month of fixes every ten seconds is ~270,000 points.</summary>
    public static readonly Duration LongestPeriod = Duration.FromDays(31);

    /// <summary>A trip's track: the pool's dispatchers and supervisors. Other pools never get here: their trips are not found.</summary>
    public static Problem? MaySeeTrip(IReadOnlySet<Role> roles) =>
        roles.Contains(Role.Dispatcher) || roles.Contains(Role.Supervisor) ? null : NotAllowed();

    /// <summary>A car's positions in any period, trips or not: supervisors only.</summary>
    public static Problem? MaySeePeriod(IReadOnlySet<Role> roles) =>
        roles.Contains(Role.Supervisor)
            ? null
            : roles.Contains(Role.Dispatcher)
                ? Problem.Forbidden("track.outside_trip", "Dispatchers see a car's track during its trips only: open the trip to see its track.")
                : NotAllowed();

    /// <summary>The live map: the pool's dispatchers (cars on trips) and supervisors (every car).</summary>
    public static Problem? MaySeeLive(IReadOnlySet<Role> roles) => MaySeeTrip(roles);

    /// <summary>Whether the asker is shown where a car is while it is on no trip: supervisors only.</summary>
    public static bool SeesOutsideTrips(IReadOnlySet<Role> roles) => roles.Contains(Role.Supervisor);

    /// <summary>The period of a car's track asked for, refused when it is empty, backwards or longer than <see cref="LongestPeriod"/>.</summary>
    public static Problem? CheckPeriod(Instant from, Instant to)
    {
        if (to <= from) return Problem.Invalid("track.period_invalid", "to", "The period ends before it starts: 'to' must come after 'from'.");
        return to - from > LongestPeriod
            ? Problem.Invalid("track.period_too_long", "to", "A track is shown for at most {0} days at once: ask for a shorter period.",
                (int)LongestPeriod.TotalDays)
            : null;
    }

    /// <summary>The stream the looks at a pool's tracks in one month are kept on: the same id on every node, no lookup.</summary>
    public static Guid StreamOf(string pool, YearMonth month)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"track-looks|{pool}|{month.Year:D4}-{month.Month:D2}"));
        // RFC 9562 version 8 (custom) with the variant bits set, so that it reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static Problem NotAllowed() => Problem.Forbidden("track.not_allowed",
        "A car's track is personal data of its driver: only the pool's dispatchers (during trips) and supervisors see it.");
}
