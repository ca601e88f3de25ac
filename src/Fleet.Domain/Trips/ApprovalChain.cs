using System.Collections.Frozen;

namespace Fleet.Domain.Trips;

/// <summary>Whose approvers sign a step of a trip's approval chain.</summary>
public enum ApprovalOffice
{
    /// <summary>The requesting unit's approvers: its head, or another of them at a second step.</summary>
    Unit,

    /// <summary>
    /// The approvers of the office that runs the trip's pool: the district's office (区机关事务管理局) for a district's
    /// units, the city's (市机关事务管理局) for the units the city's pool serves.
    /// </summary>
    PoolOffice,

    /// <summary>
    /// The approvers of the city's office (市机关事务管理局), whichever pool runs the trip: a district's rules may send
    /// some trips (out of the province, say) up to the city. For the city's own pool it is the same office as
    /// <see cref="PoolOffice"/>, at a step of its own.
    /// </summary>
    CityOffice,
}

/// <summary>
/// One step of the approval chain: who signs it, and what puts it on a trip's chain — any of the policy's reasons it
/// names (<see cref="ApprovalConditions"/>), or more passengers than <see cref="PassengersOver"/>.
/// </summary>
public sealed record ApprovalStep(ApprovalOffice Office, IReadOnlyList<string> When, int? PassengersOver = null)
{
    public bool AppliesTo(IReadOnlyCollection<string> reasons, int passengers) =>
        (When.Contains(ApprovalConditions.AnyReason) && reasons.Count > 0)
        || When.Any(reasons.Contains)
        || (PassengersOver is { } most && passengers > most);

    public bool Equals(ApprovalStep? other) =>
        other is not null && Office == other.Office && PassengersOver == other.PassengersOver && When.SequenceEqual(other.When);

    public override int GetHashCode() => HashCode.Combine(Office, PassengersOver, When.Count);
}

/// <summary>The conditions a step may name: the policy's reasons, and one that stands for any of them.</summary>
public static class ApprovalConditions
{
    /// <summary>Whenever the trip needs an approval at all.</summary>
    public const string AnyReason = "policy.any_reason";

    /// <summary>The reasons a step may name, in the order the policy page lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        AnyReason,
        PolicyReasons.OutOfRegion,
        PolicyReasons.Overnight,
        PolicyReasons.TwoLevelClass,
        PolicyReasons.PublicHoliday,
        PolicyReasons.HolidaySealed,
        PolicyReasons.NotAWorkday,
        PolicyReasons.CalendarUnknown,
        PolicyReasons.OutsideWorkingHours,
        PolicyReasons.LongerThanAutoLimit,
    ];

    public static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);
}

public static class ApprovalChain
{
    /// <summary>
    /// The chain every pool starts with, as approval worked before chains: the unit head for any reason, and a second
    /// approver of the unit for a trip out of the city, overnight or in a costly class.
    /// </summary>
    public static IReadOnlyList<ApprovalStep> Default { get; } =
    [
        new(ApprovalOffice.Unit, [ApprovalConditions.AnyReason]),
        new(ApprovalOffice.Unit, [PolicyReasons.OutOfRegion, PolicyReasons.Overnight, PolicyReasons.TwoLevelClass]),
    ];

    /// <summary>The most steps a chain may have: more than the offices of a city would ever need to sign.</summary>
    public const int MaxSteps = 6;

    /// <summary>Every step of the unit's: what a <see cref="TripApprovalRequired"/> of that many levels asked for.</summary>
    public static IReadOnlyList<ApprovalOffice> OfUnit(int levels) => Enumerable.Repeat(ApprovalOffice.Unit, levels).ToList();

    public static bool IsUnitOnly(IReadOnlyList<ApprovalOffice> steps) => steps.All(s => s == ApprovalOffice.Unit);

    public static bool SameSteps(IReadOnlyList<ApprovalStep> a, IReadOnlyList<ApprovalStep> b) => a.SequenceEqual(b);
}
