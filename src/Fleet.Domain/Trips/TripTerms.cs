namespace Fleet.Domain.Trips;

/// <summary>
/// What a trip is for (用车事由类别). The 2017 rules name no list of purposes, so this one is Fleet's own:
/// the vehicle categories of the rules (机要通信, 应急保障) plus the everyday reasons a unit asks for a car.
/// Approval reports and audits group by it, so members are only ever added, never renamed or reordered.
/// </summary>
public enum TripPurpose
{
    /// <summary>会议: attending a meeting away from the unit.</summary>
    Meeting,

    /// <summary>检查调研: inspections, supervision visits and field research.</summary>
    Inspection,

    /// <summary>应急保障: responding to an emergency, disaster or public-safety incident.</summary>
    Emergency,

    /// <summary>公务接待: receiving official visitors under the reception rules.</summary>
    Reception,

    /// <summary>机要通信: carrying confidential documents and communications.</summary>
    Confidential,

    /// <summary>其他: anything else; the purpose text then carries the whole explanation.</summary>
    Other,
}

/// <summary>
/// How soon the car is needed. An emergency trip cannot wait for a unit head to be reached, so it is approved
/// at once and reviewed afterwards.
/// </summary>
public enum TripUrgency
{
    Normal,
    Emergency,
}

/// <summary>The Chinese terms a clerk sees on the request form, accepted on input alongside the English names.</summary>
public static class TripTerms
{
    public static readonly IReadOnlyDictionary<TripPurpose, string> Purposes = new Dictionary<TripPurpose, string>
    {
        [TripPurpose.Meeting] = "会议",
        [TripPurpose.Inspection] = "检查调研",
        [TripPurpose.Emergency] = "应急保障",
        [TripPurpose.Reception] = "公务接待",
        [TripPurpose.Confidential] = "机要通信",
        [TripPurpose.Other] = "其他",
    };

    public static readonly IReadOnlyDictionary<TripUrgency, string> Urgencies = new Dictionary<TripUrgency, string>
    {
        [TripUrgency.Normal] = "普通",
        [TripUrgency.Emergency] = "应急",
    };
}
